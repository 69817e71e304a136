/* TEMPORARY (performance helper): where a bpmn-engine step spends its time */
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import * as Elements from 'bpmn-elements';
import { compileWorkflow, parseWorkflow, runStep, serializeWorkflow } from '@cordee/core';
import { linearProcess } from '@cordee/core/src/workflow/testing/bpmn-builder';
async function main() {
  const xml = linearProcess({ processId: 'bench_parcours', tasks: 10, form: 'bench-etape', candidates: ['chef_service'] });
  const parsed = await parseWorkflow(xml);
  const wf = compileWorkflow({ key: 'b', versionId: 'v', version: '1', serialized: serializeWorkflow(parsed), elements: parsed.elements });
  const first = await runStep(wf, null, {}, { kind: 'start' });
  const inert = new Elements.Timers({ setTimeout: (() => ({})) as never, clearTimeout: () => undefined });
  const phases = { construct: 0, recover: 0, resume: 0, postponed: 0, signal: 0, getState: 0, stringify: 0, parse: 0 };
  const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
  const N = Number(process.argv[2] ?? 1000);
  for (let i = 0; i < N + 200; i++) {
    const m = i >= 200;
    let t = cpu();
    const lap = (k: keyof typeof phases) => { const n = cpu(); if (m) phases[k] += n - t; t = n; };
    const stateObj = JSON.parse(first.state); lap('parse');
    const engine = new Engine({ name: 'b', sourceContext: wf.sourceContext, timers: inert, Logger: () => ({ debug() {}, error() {}, warn() {}, info() {} }), settings: { disableTrackState: true } } as never); lap('construct');
    engine.recover(stateObj); lap('recover');
    const listener = new EventEmitter();
    await engine.resume({ listener }); lap('resume');
    const w = (engine.execution.getPostponed() as unknown as Array<{ id: string; executionId: string }>)[0]!; lap('postponed');
    engine.execution.signal({ id: w.id, executionId: w.executionId }); lap('signal');
    const st = await engine.getState(); lap('getState');
    JSON.stringify(st); lap('stringify');
  }
  for (const [k, v] of Object.entries(phases)) console.log(k.padEnd(10), (v / 1000 / N).toFixed(3), 'ms');
}
main();
