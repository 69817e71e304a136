import { compileWorkflow, parseWorkflow, runStep, serializeWorkflow } from '@cordee/core';
import { linearProcess } from '@cordee/core/src/workflow/testing/bpmn-builder';
async function main() {
  const xml = linearProcess({ processId: 'p', tasks: 10, form: 'f', candidates: ['chef_service'] });
  const parsed = await parseWorkflow(xml);
  const wf = compileWorkflow({ key: 'p', versionId: 'v', version: '1', serialized: serializeWorkflow(parsed), elements: parsed.elements });
  const loop = async (n: number) => { let step = await runStep(wf, null, {}, { kind: 'start' }); for (let i = 0; i < n; i++) { const w = step.waiting[0]; step = w ? await runStep(wf, step.state, {}, { kind: 'signal', elementId: w.elementId, executionId: w.executionId }) : await runStep(wf, null, {}, { kind: 'start' }); } };
  await loop(300);
  const c = process.cpuUsage(); await loop(2000); const u = process.cpuUsage(c);
  console.log('cpu ms/step', ((u.user + u.system) / 1000 / 2000).toFixed(3));
}
main();
