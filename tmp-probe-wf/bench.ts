import { BpmnModdle } from 'bpmn-moddle';
import serializer, { TypeResolver, deserialize } from 'moddle-context-serializer';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import { EventEmitter } from 'node:events';
import cordee from '../metadata/bpmn/cordee.json';

const n = 18;
let body = '<startEvent id="start"/><sequenceFlow id="f0" sourceRef="start" targetRef="t1"/>';
for (let i = 1; i <= n; i++) {
  body += `<userTask id="t${i}" name="T${i}" cordee:formRef="f"/>`;
  body += `<sequenceFlow id="f${i}" sourceRef="t${i}" targetRef="${i === n ? 'end' : `t${i + 1}`}"/>`;
}
body += '<endEvent id="end"/>';
const xml = `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cordee="http://cordee.fr/schema/bpmn" id="Def" targetNamespace="x"><process id="p" isExecutable="true">${body}</process></definitions>`;
const defaults = (Elements as any).Expressions ? null : null;
async function main() {
  const moddle = new BpmnModdle({ cordee });
  const parsed = await moddle.fromXML(xml);
  const typeResolver = TypeResolver({ ...Elements });
  const serialized = serializer(parsed as any, typeResolver).serialize();
  const sourceContext = deserialize(JSON.parse(serialized), typeResolver);
  const timers = new Elements.Timers({ setTimeout: () => ({}) as any, clearTimeout: () => undefined });
  const mode = process.argv[2] ?? 'track';
  const settings = {}; const noop = () => undefined; const Logger = () => ({ debug: noop, error: noop, warn: noop, info: noop }); const skipStop = process.argv[3] === 'nostop';
  let e = new Engine({ name: 'x', sourceContext, timers, settings });
  await e.execute({});
  await e.stop();
  let st = await e.getState();
  for (const d of st.definitions) delete d.source;
  let json = JSON.stringify(st);
  console.log('initial state KB', (json.length / 1024).toFixed(1));
  const N = 200; const T: any = { recover: 0, resume: 0, signal: 0, stop: 0, getState: 0 };
  const t0 = performance.now();
  let sizes = 0;
  for (let i = 0; i < N; i++) {
    const listener = new EventEmitter();
    let waits: any[] = [];
    listener.on('activity.wait', (api: any) => waits.push(api.id));
    const ta = performance.now();
    const eng = new Engine({ name: 'x', sourceContext: mode === 'fresh' ? deserialize(JSON.parse(serialized), typeResolver) : sourceContext, timers, settings, ...(mode === 'quiet' ? { Logger } : {}) });
    eng.recover(JSON.parse(json));
    const tb = performance.now(); T.recover += tb - ta;
    
    await eng.resume({ listener });
    const tc = performance.now(); T.resume += tc - tb;
    
    const post = eng.execution.getPostponed();
    const cur = post[0];
    if (!cur) { 
      const e2 = new Engine({ name: 'x', sourceContext, timers, settings }); await e2.execute({}); await e2.stop(); const s = await e2.getState(); for (const d of s.definitions) delete d.source; json = JSON.stringify(s); continue; }
    eng.execution.signal({ id: cur.id, executionId: cur.executionId, a: i }); 
    const td = performance.now(); T.signal += td - tc;
    if (eng.state === 'running' && !skipStop) await eng.stop();
    const te = performance.now(); T.stop += te - td;
    const s = await eng.getState();
    for (const d of s.definitions) delete d.source;
    json = JSON.stringify(s);
    T.getState += performance.now() - te;
    sizes = Math.max(sizes, json.length);
    
  }
  const ms = (performance.now() - t0) / N;
  for (const k in T) T[k] = (T[k] / N).toFixed(2); console.log(T);
  console.log(mode, 'per step ms', ms.toFixed(2), 'max state KB', (sizes / 1024).toFixed(1));
}
main();
