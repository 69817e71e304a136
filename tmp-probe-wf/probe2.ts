import { BpmnModdle } from 'bpmn-moddle';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import { EventEmitter } from 'node:events';
import cordee from '../metadata/bpmn/cordee.json';
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cordee="http://cordee.fr/schema/bpmn" id="Def" targetNamespace="x">
<process id="p" isExecutable="true">
  <startEvent id="start"/>
  <sequenceFlow id="f1" sourceRef="start" targetRef="t1"/>
  <userTask id="t1" name="Étudier"/>
  <boundaryEvent id="b1" attachedToRef="t1" cancelActivity="false"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>
  <sequenceFlow id="f1b" sourceRef="b1" targetRef="endb"/>
  <endEvent id="endb"/>
  <sequenceFlow id="f2" sourceRef="t1" targetRef="wait"/>
  <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT2H</timeDuration></timerEventDefinition></intermediateCatchEvent>
  <sequenceFlow id="f6" sourceRef="wait" targetRef="end"/>
  <endEvent id="end"/>
</process></definitions>`;
async function main() {
  const parsed = await new BpmnModdle({ cordee }).fromXML(xml);
  const typeResolver = TypeResolver({ ...Elements });
  const sourceContext = serializer(parsed as any, typeResolver);
  const timers = new Elements.Timers({ setTimeout: () => ({}) as any, clearTimeout: () => undefined });
  const listener = new EventEmitter();
  const ev: string[] = [];
  for (const e of ['activity.wait', 'activity.timer', 'activity.end', 'activity.timeout', 'activity.leave', 'activity.discard', 'activity.enter', 'activity.start']) listener.on(e, (api: any) => ev.push(`${e} ${api.id} ${api.executionId} ${api.content.expireAt?.toISOString?.() ?? ''}`));
  const e = new Engine({ sourceContext, timers });
  await e.execute({ listener });
  console.log(ev.splice(0));
  const post = e.execution.getPostponed();
  console.log(post.map((a: any) => [a.id, a.type, a.content.expireAt, a.owner.status]));
  const def = e.execution.definitions[0];
  const proc = def.getProcesses()[0];
  console.log('proc postponed', proc.getPostponed().map((a: any) => [a.id, a.owner.status, a.content.expireAt]));
  await e.stop();
  const st = JSON.parse(JSON.stringify(await e.getState()));
  for (const d of st.definitions) delete d.source;
  const e2 = new Engine({ sourceContext, timers });
  e2.recover(st);
  await e2.resume({ listener });
  console.log('resume', ev.splice(0));
  const t1 = e2.execution.getPostponed().find((a: any) => a.id === 't1');
  e2.execution.signal({ id: 't1', executionId: t1.executionId });
  console.log('signal', ev.splice(0));
  console.log(e2.execution.getPostponed().map((a: any) => [a.id, a.type, a.content.expireAt, a.owner.status]));
  console.log(e2.execution.definitions[0].getProcesses()[0].getPostponed().map((a: any) => [a.id, a.owner.status]));
  // cancel activity
  e2.execution.cancelActivity({ id: 'wait' });
  console.log('cancel', ev.splice(0), e2.state);
}
main();
