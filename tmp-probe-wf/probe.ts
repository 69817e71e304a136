import { BpmnModdle } from 'bpmn-moddle';
import serializer, { TypeResolver, deserialize } from 'moddle-context-serializer';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import cordee from '../metadata/bpmn/cordee.json';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cordee="http://cordee.fr/schema/bpmn" id="Def" targetNamespace="x">
<process id="p" isExecutable="true">
  <startEvent id="start" name="Début"/>
  <sequenceFlow id="f1" sourceRef="start" targetRef="t1"/>
  <userTask id="t1" name="Étudier" cordee:formRef="avis" cordee:candidateProfiles="chef_service,psychologue" cordee:dueDate="P5D"/>
  <boundaryEvent id="b1" attachedToRef="t1" cancelActivity="false" cordee:notifyProfiles="chef_service"><timerEventDefinition><timeDuration>PT1S</timeDuration></timerEventDefinition></boundaryEvent>
  <sequenceFlow id="f1b" sourceRef="b1" targetRef="endb"/>
  <endEvent id="endb"/>
  <sequenceFlow id="f2" sourceRef="t1" targetRef="svc"/>
  <serviceTask id="svc" name="Envoyer" cordee:serviceRef="demo.accuse-reception"/>
  <sequenceFlow id="f3" sourceRef="svc" targetRef="gw"/>
  <exclusiveGateway id="gw" default="f5"/>
  <sequenceFlow id="f4" sourceRef="gw" targetRef="end"><conditionExpression xsi:type="tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">= decision = "ok"</conditionExpression></sequenceFlow>
  <sequenceFlow id="f5" sourceRef="gw" targetRef="wait"/>
  <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT2S</timeDuration></timerEventDefinition></intermediateCatchEvent>
  <sequenceFlow id="f6" sourceRef="wait" targetRef="end"/>
  <endEvent id="end"/>
</process></definitions>`;

async function main() {
  const moddle = new BpmnModdle({ cordee });
  const t0 = performance.now();
  const parsed = await moddle.fromXML(xml); const { warnings } = parsed;
  console.log('parse ms', performance.now() - t0, warnings);
  const typeResolver = TypeResolver({ ...Elements }, (m: any) => { m['bpmn:ServiceTask'] = Elements.SignalTask; });
  const ctx = serializer(parsed as any, typeResolver);
  const serialized = ctx.serialize();
  console.log('serialized KB', serialized.length / 1024);
  const t1 = performance.now();
  const sourceContext = deserialize(JSON.parse(serialized), typeResolver);
  console.log('deserialize ms', performance.now() - t1);
  const events: string[] = [];
  const timers = new Elements.Timers({ setTimeout: () => ({}) as any, clearTimeout: () => undefined });
  const expressions = {
    resolveExpression(expr: string, context: any) {
      if (typeof expr === 'string' && expr.startsWith('=')) { events.push('FEEL ' + expr + ' ' + JSON.stringify(context.environment.variables)); return context.environment.variables.decision === 'ok'; }
      return Elements.Expressions ? undefined : undefined;
    }, isExpression: () => false, hasExpression: (t: string) => typeof t === 'string' && t.startsWith('='),
  };
  const listener = new (require('node:events').EventEmitter)();
  for (const e of ['activity.wait', 'activity.timer', 'activity.end', 'activity.timeout', 'activity.enter']) listener.on(e, (api: any) => events.push(`${e} ${api.id} ${api.executionId} ${api.content.expireAt ?? ''} ${JSON.stringify(api.content.output ?? '')} ${api.behaviour?.formRef ?? ''}`));
  const engine = new Engine({ name: 'x', sourceContext, timers, expressions, settings: { disableTrackState: true } });
  const t2 = performance.now();
  await engine.execute({ listener, variables: { admissionDate: '2026-01-01' } });
  console.log('execute ms', performance.now() - t2, engine.activityStatus, engine.state);
  console.log(events.splice(0));
  const state = await engine.getState();
  console.log('postponed', engine.execution.getPostponed().map((a: any) => `${a.id}/${a.executionId}/${a.type}`));
  await engine.stop();
  const s2 = await engine.getState();
  for (const d of s2.definitions) delete d.source;
  const json = JSON.stringify(s2);
  console.log('state KB', json.length / 1024, 'with source', JSON.stringify(state).length / 1024);
  // recover
  for (let round = 0; round < 3; round++) {
    const e2 = new Engine({ name: 'x', sourceContext, timers, expressions, settings: { disableTrackState: true } });
    const t3 = performance.now();
    e2.recover(JSON.parse(json));
    await e2.resume({ listener });
    console.log('recover+resume ms', performance.now() - t3, e2.activityStatus, events.splice(0));
    await e2.stop();
  }
  const e3 = new Engine({ name: 'x', sourceContext, timers, expressions, settings: { disableTrackState: true } });
  e3.recover(JSON.parse(json));
  await e3.resume({ listener });
  events.splice(0);
  const post = e3.execution.getPostponed();
  console.log('postponed after recover', post.map((a: any) => `${a.id}/${a.executionId}`));
  const t1exec = post.find((a: any) => a.id === 't1');
  e3.execution.signal({ id: 't1', executionId: t1exec.executionId, decision: 'no' });
  console.log('after signal t1', e3.activityStatus, events.splice(0));
  const svc = e3.execution.getPostponed().find((a: any) => a.id === 'svc');
  e3.execution.signal({ id: 'svc', executionId: svc.executionId, receipt: 'R1' });
  console.log('after signal svc', e3.activityStatus, e3.state, events.splice(0));
  await e3.stop();
  const s3 = await e3.getState(); for (const d of s3.definitions) delete d.source;
  const j3 = JSON.stringify(s3);
  await new Promise((r) => setTimeout(r, 2100));
  const e4 = new Engine({ name: 'x', sourceContext, timers, expressions, settings: { disableTrackState: true } });
  e4.recover(JSON.parse(j3));
  await e4.resume({ listener });
  await new Promise((r) => setImmediate(r));
  console.log('after overdue resume', e4.activityStatus, e4.state, events.splice(0));
}
main();
