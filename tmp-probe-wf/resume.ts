import { compileWorkflow, parseWorkflow, runStep, serializeWorkflow, type EngineState } from '../engine/core/src';
import { linearProcess } from '../engine/core/src/workflow/testing/bpmn-builder';
async function main() {
  const xml = linearProcess({ processId: 'bench_minuteur', tasks: 17, form: 'f', candidates: ['chef_service'], timer: 'PT1S' });
  const parsed = await parseWorkflow(xml);
  const wf = compileWorkflow({ key: 'k', versionId: 'v', version: '1', serialized: serializeWorkflow(parsed), elements: parsed.elements });
  let step = await runStep(wf, null, {}, { kind: 'start' });
  while (step.waiting.length > 0) step = await runStep(wf, JSON.parse(JSON.stringify(step.state)), {}, { kind: 'signal', elementId: step.waiting[0]!.elementId, executionId: step.waiting[0]!.executionId });
  const state = JSON.stringify(step.state);
  console.log('state KB', state.length / 1024);
  await new Promise((r) => setTimeout(r, 1100));
  for (let round = 0; round < 2; round++) {
    const t = performance.now(); const cpu = process.cpuUsage();
    for (let i = 0; i < 200; i++) { const r = await runStep(wf, JSON.parse(state) as EngineState, {}, { kind: 'resume' }); if (r.waiting[0]?.elementId !== 'tache_10') throw new Error('x ' + r.position); }
    const c = process.cpuUsage(cpu);
    console.log('resume ms wall', ((performance.now() - t) / 200).toFixed(2), 'cpu', ((c.user + c.system) / 1000 / 200).toFixed(2));
  }
}
main();
