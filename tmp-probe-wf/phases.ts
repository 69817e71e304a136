import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import { EventEmitter } from 'node:events';
import { compileWorkflow, parseWorkflow, runStep, serializeWorkflow } from '../engine/core/src';
import { linearProcess } from '../engine/core/src/workflow/testing/bpmn-builder';
async function main() {
  const xml = linearProcess({ processId: 'bench_minuteur', tasks: 17, form: 'f', candidates: ['chef_service'], timer: 'PT1S' });
  const parsed = await parseWorkflow(xml);
  const wf = compileWorkflow({ key: 'k', versionId: 'v', version: '1', serialized: serializeWorkflow(parsed), elements: parsed.elements });
  let step = await runStep(wf, null, {}, { kind: 'start' });
  while (step.waiting.length > 0) step = await runStep(wf, JSON.parse(JSON.stringify(step.state)), {}, { kind: 'signal', elementId: step.waiting[0]!.elementId, executionId: step.waiting[0]!.executionId });
  const state = JSON.stringify(step.state);
  await new Promise((r) => setTimeout(r, 1100));
  const timers = new Elements.Timers({ setTimeout: (() => ({})) as any, clearTimeout: () => undefined });
  const noop = () => undefined; const Logger = () => ({ debug: noop, error: noop, warn: noop, info: noop });
  const T: Record<string, number> = { ctor: 0, recover: 0, resume: 0, stop: 0, getState: 0, parse: 0 };
  const N = 300;
  for (let i = 0; i < N + 50; i++) {
    const count = i >= 50;
    let t = performance.now();
    const s = JSON.parse(state); if (count) T.parse += performance.now() - t; t = performance.now();
    const e = new Engine({ name: 'k', sourceContext: wf.sourceContext, timers, Logger, settings: { disableTrackState: true } }); if (count) T.ctor += performance.now() - t; t = performance.now();
    e.recover(s); if (count) T.recover += performance.now() - t; t = performance.now();
    await e.resume({ listener: new EventEmitter() }); if (count) T.resume += performance.now() - t; t = performance.now();
    if (e.state === 'running' && process.env.NOSTOP !== '1') await e.stop(); if (count) T.stop += performance.now() - t; t = performance.now();
    await e.getState(); if (count) T.getState += performance.now() - t;
  }
  for (const k in T) console.log(k, (T[k]! / N).toFixed(2));
}
main();
