import { parseWorkflow } from '../engine/core/src/workflow/definition';
import { compileWorkflow, runStep, serializeWorkflow } from '../engine/core/src/workflow/runner';
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cordee="http://cordee.fr/schema/bpmn" id="Def" targetNamespace="x">
<process id="p" isExecutable="true">
  <startEvent id="start"/>
  <sequenceFlow id="f1" sourceRef="start" targetRef="t1"/>
  <userTask id="t1" name="Étudier" cordee:formRef="f" cordee:candidateProfiles="chef_service"/>
  <boundaryEvent id="b1" attachedToRef="t1" cancelActivity="false"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>
  <sequenceFlow id="f1b" sourceRef="b1" targetRef="endb"/>
  <endEvent id="endb"/>
  <sequenceFlow id="f2" sourceRef="t1" targetRef="wait"/>
  <intermediateCatchEvent id="wait"><timerEventDefinition><timeDate>= date(admissionDate) + duration("P15D")</timeDate></timerEventDefinition></intermediateCatchEvent>
  <sequenceFlow id="f6" sourceRef="wait" targetRef="end"/>
  <endEvent id="end"/>
</process></definitions>`;
async function main() {
  const parsed = await parseWorkflow(xml);
  const wf = compileWorkflow({ key: 'k', versionId: 'v', version: '1.0.0', serialized: serializeWorkflow(parsed), elements: parsed.elements });
  const r1 = await runStep(wf, null, { admissionDate: '2026-01-31' }, { kind: 'start' });
  console.log(JSON.stringify(r1.state, null, 1).slice(0, 4000));
  console.log(r1.waiting.map(w => w.elementId), r1.dueAt, r1.position, r1.events.map(e => e.kind + ':' + e.elementId));
  const w = r1.waiting[0]!;
  const r2 = await runStep(wf, JSON.parse(JSON.stringify(r1.state)), { admissionDate: '2026-01-31' }, { kind: 'signal', elementId: w.elementId, executionId: w.executionId });
  console.log(r2.status, r2.waiting.map(w => w.elementId), r2.dueAt, r2.position, r2.events.map(e => e.kind + ':' + e.elementId));
}
main();
