/* TEMPORARY (performance helper) */
import { compileWorkflow, parseWorkflow, runStep, serializeWorkflow } from '@cordee/core';
import { linearProcess } from '@cordee/core/src/workflow/testing/bpmn-builder';
async function main() {
  const xml = linearProcess({ processId: 'bench_parcours', tasks: 10, form: 'bench-etape', candidates: ['chef_service'] });
  const parsed = await parseWorkflow(xml);
  const wf = compileWorkflow({ key: 'b', versionId: 'v', version: '1', serialized: serializeWorkflow(parsed), elements: parsed.elements });
  const loop = async (n: number) => {
    let step = await runStep(wf, null, {}, { kind: 'start' });
    const c = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const w = step.waiting[0];
      const vars = { avis: 'favorable', date: '2026-03-01', observations: 'x', birthDate: '2012-01-01', admissionDate: '2026-01-05' };
      step = w ? await runStep(wf, step.state, vars, { kind: 'signal', elementId: w.elementId, executionId: w.executionId }) : await runStep(wf, null, vars, { kind: 'start' });
    }
    const u = process.cpuUsage(c);
    return (u.user + u.system) / 1000 / n;
  };
  await loop(300);
  console.log('ms per step', (await loop(2000)).toFixed(3));
  let step = await runStep(wf, null, {}, { kind: 'start' });
  step = await runStep(wf, step.state, {}, { kind: 'signal', elementId: step.waiting[0]!.elementId, executionId: step.waiting[0]!.executionId });
  console.log('state bytes', step.state.length);
  if (process.env.DUMP) console.log(step.state);
}
main();
