/**
 * Builds BPMN 2.0 documents with `cordee:` attributes and a simple diagram (BPMNDI) for tests,
 * benchmarks and the pack: elements laid out left to right, boundary events on their task.
 */
export type NodeSpec =
  | { kind: 'start'; id: string; name: string; startOnForm?: string; startOnEvent?: string }
  | { kind: 'end'; id: string; name: string; terminate?: boolean }
  | { kind: 'user'; id: string; name: string; form: string; candidates: string[]; due?: string; completeAction?: string }
  | { kind: 'service'; id: string; name: string; action: string }
  | { kind: 'timer'; id: string; name: string; duration?: string; date?: string; notify?: string[]; wakeOnEvent?: string }
  | { kind: 'boundary'; id: string; name: string; attachedTo: string; duration?: string; date?: string; interrupting?: boolean; notify?: string[] }
  | { kind: 'xor'; id: string; name: string; defaultFlow?: string }
  | { kind: 'and'; id: string; name: string };

export interface FlowSpec {
  id?: string;
  from: string;
  to: string;
  name?: string;
  /** FEEL, with its leading `=`. */
  condition?: string;
}

export interface ProcessSpec {
  definitionsId?: string;
  processId: string;
  name: string;
  nodes: NodeSpec[];
  flows: FlowSpec[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function timer(spec: { duration?: string; date?: string }): string {
  if (spec.date) return `<bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">${esc(spec.date)}</bpmn:timeDate></bpmn:timerEventDefinition>`;
  return `<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${esc(spec.duration ?? 'PT1H')}</bpmn:timeDuration></bpmn:timerEventDefinition>`;
}

const size = (n: NodeSpec) => (n.kind === 'user' || n.kind === 'service' ? { w: 100, h: 80 } : n.kind === 'xor' || n.kind === 'and' ? { w: 50, h: 50 } : { w: 36, h: 36 });

export function buildBpmn(spec: ProcessSpec): string {
  const flows = spec.flows.map((f, i) => ({ ...f, id: f.id ?? `flow_${i + 1}` }));
  const incoming = (id: string) => flows.filter((f) => f.to === id).map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`).join('');
  const outgoing = (id: string) => flows.filter((f) => f.from === id).map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`).join('');
  const io = (id: string) => incoming(id) + outgoing(id);
  const nodes = spec.nodes.map((n) => {
    const name = `name="${esc(n.name)}"`;
    switch (n.kind) {
      case 'start':
        return `<bpmn:startEvent id="${n.id}" ${name}${n.startOnForm ? ` cordee:startOnForm="${esc(n.startOnForm)}"` : ''}${n.startOnEvent ? ` cordee:startOnEvent="${esc(n.startOnEvent)}"` : ''}>${io(n.id)}</bpmn:startEvent>`;
      case 'end':
        return `<bpmn:endEvent id="${n.id}" ${name}>${io(n.id)}${n.terminate ? '<bpmn:terminateEventDefinition/>' : ''}</bpmn:endEvent>`;
      case 'user':
        return `<bpmn:userTask id="${n.id}" ${name} cordee:formRef="${esc(n.form)}" cordee:candidateProfiles="${esc(n.candidates.join(','))}"${n.due ? ` cordee:dueDate="${esc(n.due)}"` : ''}${n.completeAction ? ` cordee:completeAction="${esc(n.completeAction)}"` : ''}>${io(n.id)}</bpmn:userTask>`;
      case 'service':
        return `<bpmn:serviceTask id="${n.id}" ${name} cordee:serviceRef="${esc(n.action)}">${io(n.id)}</bpmn:serviceTask>`;
      case 'timer':
        return `<bpmn:intermediateCatchEvent id="${n.id}" ${name}${n.notify ? ` cordee:notifyProfiles="${esc(n.notify.join(','))}"` : ''}${n.wakeOnEvent ? ` cordee:wakeOnEvent="${esc(n.wakeOnEvent)}"` : ''}>${io(n.id)}${timer(n)}</bpmn:intermediateCatchEvent>`;
      case 'boundary':
        return `<bpmn:boundaryEvent id="${n.id}" ${name} attachedToRef="${n.attachedTo}" cancelActivity="${n.interrupting === true}"${n.notify ? ` cordee:notifyProfiles="${esc(n.notify.join(','))}"` : ''}>${io(n.id)}${timer(n)}</bpmn:boundaryEvent>`;
      case 'xor':
        return `<bpmn:exclusiveGateway id="${n.id}" ${name}${n.defaultFlow ? ` default="${n.defaultFlow}"` : ''}>${io(n.id)}</bpmn:exclusiveGateway>`;
      case 'and':
        return `<bpmn:parallelGateway id="${n.id}" ${name}>${io(n.id)}</bpmn:parallelGateway>`;
    }
  });
  const flowXml = flows.map(
    (f) =>
      `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}"${f.name || f.condition ? ` name="${esc(f.name ?? f.condition ?? '')}"` : ''}>${f.condition ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>` : ''}</bpmn:sequenceFlow>`,
  );
  // diagram: main nodes in a row, boundary events on the bottom edge of their task
  const bounds = new Map<string, { x: number; y: number; w: number; h: number }>();
  let x = 100;
  for (const n of spec.nodes.filter((node) => node.kind !== 'boundary')) {
    const { w, h } = size(n);
    bounds.set(n.id, { x, y: 140 - h / 2, w, h });
    x += w + 60;
  }
  for (const n of spec.nodes.filter((node): node is Extract<NodeSpec, { kind: 'boundary' }> => node.kind === 'boundary')) {
    const host = bounds.get(n.attachedTo) ?? { x: 100, y: 100, w: 100, h: 80 };
    bounds.set(n.id, { x: host.x + host.w - 40, y: host.y + host.h - 18, w: 36, h: 36 });
  }
  const shapes = [...bounds.entries()].map(([id, b]) => `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}"/></bpmndi:BPMNShape>`);
  const edges = flows.map((f) => {
    const a = bounds.get(f.from)!;
    const b = bounds.get(f.to)!;
    return `<bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}"><di:waypoint x="${a.x + a.w}" y="${a.y + a.h / 2}"/><di:waypoint x="${b.x}" y="${b.y + b.h / 2}"/></bpmndi:BPMNEdge>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cordee="http://cordee.fr/schema/bpmn" id="${spec.definitionsId ?? `${spec.processId}_definitions`}" targetNamespace="http://cordee.fr/workflows">`,
    `<bpmn:process id="${spec.processId}" name="${esc(spec.name)}" isExecutable="true">`,
    ...nodes,
    ...flowXml,
    '</bpmn:process>',
    `<bpmndi:BPMNDiagram id="${spec.processId}_diagram"><bpmndi:BPMNPlane id="${spec.processId}_plane" bpmnElement="${spec.processId}">`,
    ...shapes,
    ...edges,
    '</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>',
    '</bpmn:definitions>',
  ].join('\n');
}

/** A process of `tasks` user tasks in a row with a timer in the middle: the shape the benchmarks and crash tests drive. */
export function linearProcess(options: { processId: string; tasks: number; form: string; candidates: string[]; timer?: string; action?: string }): string {
  const nodes: NodeSpec[] = [{ kind: 'start', id: 'debut', name: 'Début' }];
  for (let i = 1; i <= options.tasks; i++) {
    nodes.push({ kind: 'user', id: `tache_${i}`, name: `Tâche ${i}`, form: options.form, candidates: options.candidates });
    if (options.timer && i === Math.ceil(options.tasks / 2)) nodes.push({ kind: 'timer', id: 'delai', name: 'Délai', duration: options.timer });
    if (options.action && i === Math.ceil(options.tasks / 2)) nodes.push({ kind: 'service', id: 'transmission', name: 'Transmission', action: options.action });
  }
  nodes.push({ kind: 'end', id: 'fin', name: 'Fin' });
  const flows: FlowSpec[] = nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id }));
  return buildBpmn({ processId: options.processId, name: options.processId, nodes, flows });
}
