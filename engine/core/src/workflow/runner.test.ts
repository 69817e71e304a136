import { parseWorkflow } from './definition';
import { type CompiledWorkflow, type StepResult, WorkflowStepError, compileWorkflow, runStep, serializeWorkflow } from './runner';
import { buildBpmn, linearProcess, type ProcessSpec } from './testing/bpmn-builder';
import { migrationProblems, targetOf } from './version-migration';

async function compile(xml: string, versionId = 'v1'): Promise<CompiledWorkflow> {
  const parsed = await parseWorkflow(xml);
  return compileWorkflow({ key: 'test', versionId, version: '1.0.0', serialized: serializeWorkflow(parsed), elements: parsed.elements });
}

/** What the server does between steps: the state goes through JSON (a jsonb column). */
const saved = (r: StepResult): string => r.state;

const decision: ProcessSpec = {
  processId: 'decision',
  name: 'Décision',
  nodes: [
    { kind: 'start', id: 'debut', name: 'Début' },
    { kind: 'user', id: 'commission', name: 'Commission', form: 'f', candidates: ['directeur'] },
    { kind: 'xor', id: 'choix', name: 'Décision ?', defaultFlow: 'refus' },
    { kind: 'and', id: 'fork', name: 'Accueil' },
    { kind: 'user', id: 'contrat', name: 'Contrat', form: 'f', candidates: ['directeur'] },
    { kind: 'service', id: 'accuse', name: 'Accusé', action: 'demo.accuse-reception' },
    { kind: 'and', id: 'join', name: 'Fin accueil' },
    { kind: 'end', id: 'admis', name: 'Admis' },
    { kind: 'end', id: 'refuse', name: 'Refusé' },
  ],
  flows: [
    { from: 'debut', to: 'commission' },
    { from: 'commission', to: 'choix' },
    { id: 'accepte', from: 'choix', to: 'fork', condition: '= decision = "acceptee"' },
    { id: 'refus', from: 'choix', to: 'refuse' },
    { from: 'fork', to: 'contrat' },
    { from: 'fork', to: 'accuse' },
    { from: 'contrat', to: 'join' },
    { from: 'accuse', to: 'join' },
    { from: 'join', to: 'admis' },
  ],
};

describe('one engine step per command', () => {
  it('starts, waits at a user task, and moves on when it is signalled; executions keep their ids across saves', async () => {
    const wf = await compile(linearProcess({ processId: 'lineaire', tasks: 3, form: 'f', candidates: ['secretariat'] }));
    const started = await runStep(wf, null, {}, { kind: 'start' });
    expect(started.status).toBe('running');
    expect(started.waiting).toEqual([expect.objectContaining({ elementId: 'tache_1', kind: 'user' })]);
    expect(started.position).toEqual(['tache_1']);
    expect(started.events.map((e) => `${e.kind}:${e.elementId}`)).toEqual(['activity.end:debut']);
    const again = await runStep(wf, saved(started), {}, { kind: 'resume' });
    expect(again.waiting[0]!.executionId).toBe(started.waiting[0]!.executionId);
    expect(again.events).toEqual([]);
    let state = saved(started);
    let waiting = started.waiting;
    for (const expected of ['tache_2', 'tache_3']) {
      const step = await runStep(wf, state, {}, { kind: 'signal', elementId: waiting[0]!.elementId, executionId: waiting[0]!.executionId });
      expect(step.waiting.map((w) => w.elementId)).toEqual([expected]);
      state = saved(step);
      waiting = step.waiting;
    }
    const done = await runStep(wf, state, {}, { kind: 'signal', elementId: 'tache_3', executionId: waiting[0]!.executionId });
    expect(done.status).toBe('completed');
    expect(done.events.map((e) => e.elementId)).toEqual(['tache_3', 'fin']);
  });

  it('refuses to signal a task that is not waiting (a second completion) without changing anything', async () => {
    const wf = await compile(linearProcess({ processId: 'lineaire', tasks: 2, form: 'f', candidates: ['secretariat'] }));
    const started = await runStep(wf, null, {}, { kind: 'start' });
    const first = started.waiting[0]!;
    const next = await runStep(wf, saved(started), {}, { kind: 'signal', elementId: first.elementId, executionId: first.executionId });
    await expect(runStep(wf, saved(next), {}, { kind: 'signal', elementId: first.elementId, executionId: first.executionId })).rejects.toThrow(WorkflowStepError);
  });

  it('routes on FEEL conditions over the instance variables, runs parallel branches, and makes service tasks wait for the worker', async () => {
    const wf = await compile(buildBpmn(decision));
    const started = await runStep(wf, null, {}, { kind: 'start' });
    const commission = started.waiting[0]!;
    const refused = await runStep(wf, saved(started), { decision: 'refusee' }, { kind: 'signal', elementId: 'commission', executionId: commission.executionId });
    expect(refused.status).toBe('completed');
    expect(refused.events.map((e) => e.elementId)).toContain('refuse');
    const accepted = await runStep(wf, saved(started), { decision: 'acceptee' }, { kind: 'signal', elementId: 'commission', executionId: commission.executionId });
    expect(accepted.waiting.map((w) => `${w.kind}:${w.elementId}`).sort()).toEqual(['service:accuse', 'user:contrat']);
    const accuse = accepted.waiting.find((w) => w.elementId === 'accuse')!;
    expect(accuse.element.serviceRef).toBe('demo.accuse-reception');
    const afterService = await runStep(wf, saved(accepted), {}, { kind: 'signal', elementId: 'accuse', executionId: accuse.executionId });
    expect(afterService.waiting.map((w) => w.elementId)).toEqual(['contrat']);
    const contrat = afterService.waiting[0]!;
    const done = await runStep(wf, saved(afterService), {}, { kind: 'signal', elementId: 'contrat', executionId: contrat.executionId });
    expect(done.status).toBe('completed');
    expect(done.events.map((e) => e.elementId)).toEqual(['contrat', 'join', 'admis']);
  });

  it('fails loudly when a condition cannot be evaluated and no default flow exists', async () => {
    const spec = structuredClone(decision);
    (spec.nodes[2] as { defaultFlow?: string }).defaultFlow = undefined;
    spec.flows[3] = { id: 'refus', from: 'choix', to: 'refuse', condition: '= decision = "refusee"' };
    const wf = await compile(buildBpmn(spec));
    const started = await runStep(wf, null, {}, { kind: 'start' });
    await expect(runStep(wf, saved(started), { decision: 'autre' }, { kind: 'signal', elementId: 'commission', executionId: started.waiting[0]!.executionId })).rejects.toThrow(/n’a pas pu avancer/);
  });

  it('never runs timers in memory: it reports when they fall due, and a resume after that fires them', async () => {
    const wf = await compile(linearProcess({ processId: 'minuteur', tasks: 2, form: 'f', candidates: ['secretariat'], timer: 'PT1S' }));
    const started = await runStep(wf, null, {}, { kind: 'start' });
    const before = Date.now();
    const atTimer = await runStep(wf, saved(started), {}, { kind: 'signal', elementId: 'tache_1', executionId: started.waiting[0]!.executionId });
    expect(atTimer.waiting).toEqual([]);
    expect(atTimer.position).toEqual(['delai']);
    expect(atTimer.dueAt!.getTime()).toBeGreaterThanOrEqual(before + 900);
    expect(atTimer.dueAt!.getTime()).toBeLessThan(before + 2000);
    const early = await runStep(wf, saved(atTimer), {}, { kind: 'resume' });
    expect(early.position).toEqual(['delai']);
    expect(early.dueAt!.getTime()).toBe(atTimer.dueAt!.getTime());
    await new Promise((resolve) => setTimeout(resolve, atTimer.dueAt!.getTime() - Date.now() + 20));
    const fired = await runStep(wf, saved(atTimer), {}, { kind: 'resume' });
    expect(fired.events.map((e) => `${e.kind}:${e.elementId}`)).toEqual(['timer.fired:delai', 'activity.end:delai']);
    expect(fired.waiting.map((w) => w.elementId)).toEqual(['tache_2']);
    expect(fired.dueAt).toBeNull();
  });

  it('wakes an intermediate timer before it falls due: the flow goes on at once; nothing else can be woken', async () => {
    const wf = await compile(linearProcess({ processId: 'reveil', tasks: 2, form: 'f', candidates: ['secretariat'], timer: 'P1M' }));
    const started = await runStep(wf, null, {}, { kind: 'start' });
    const atTimer = await runStep(wf, saved(started), {}, { kind: 'signal', elementId: 'tache_1', executionId: started.waiting[0]!.executionId });
    expect(atTimer.position).toEqual(['delai']);
    const woken = await runStep(wf, saved(atTimer), {}, { kind: 'wake', elementId: 'delai' });
    expect(woken.events.map((e) => `${e.kind}:${e.elementId}`)).toEqual(['timer.fired:delai', 'activity.end:delai']);
    expect(woken.waiting.map((w) => w.elementId)).toEqual(['tache_2']);
    expect(woken.dueAt).toBeNull();
    // a task is not a timer, and a timer left behind is no longer waited at
    await expect(runStep(wf, saved(started), {}, { kind: 'wake', elementId: 'tache_1' })).rejects.toThrow(WorkflowStepError);
    await expect(runStep(wf, saved(woken), {}, { kind: 'wake', elementId: 'delai' })).rejects.toThrow(/n’attend plus/);
  });

  it('reports a boundary timer that fired as an escalation; an interrupting one cancels the task', async () => {
    const spec: ProcessSpec = {
      processId: 'relance',
      name: 'Relance',
      nodes: [
        { kind: 'start', id: 'debut', name: 'Début' },
        { kind: 'user', id: 'contrat', name: 'Remettre le contrat', form: 'f', candidates: ['directeur'] },
        { kind: 'boundary', id: 'rappel', name: 'Rappel', attachedTo: 'contrat', date: '= date(admissionDate) + duration("P15D")', notify: ['chef_service'] },
        { kind: 'end', id: 'fin', name: 'Fin' },
        { kind: 'end', id: 'fin_rappel', name: 'Rappel fait' },
      ],
      flows: [
        { from: 'debut', to: 'contrat' },
        { from: 'contrat', to: 'fin' },
        { from: 'rappel', to: 'fin_rappel' },
      ],
    };
    const wf = await compile(buildBpmn(spec));
    const recent = await runStep(wf, null, { admissionDate: '2999-01-01' }, { kind: 'start' });
    expect(recent.dueAt!.toISOString()).toBe('2999-01-16T22:59:59.000Z');
    expect(recent.position).toEqual(['contrat']);
    const late = await runStep(wf, null, { admissionDate: '2020-01-01' }, { kind: 'start' });
    expect(late.events.filter((e) => e.kind === 'escalation').map((e) => e.element?.notifyProfiles)).toEqual([['chef_service']]);
    expect(late.waiting.map((w) => w.elementId)).toEqual(['contrat']);
    const interrupting = await compile(buildBpmn({ ...spec, nodes: spec.nodes.map((n) => (n.kind === 'boundary' ? { ...n, interrupting: true } : n)) }));
    const cancelled = await runStep(interrupting, null, { admissionDate: '2020-01-01' }, { kind: 'start' });
    expect(cancelled.waiting).toEqual([]);
    expect(cancelled.status).toBe('completed');
  });

  it('reports an intermediate timer that names profiles as a reminder when it fires; a plain timer is no reminder', async () => {
    const spec: ProcessSpec = {
      processId: 'alertes',
      name: 'Alertes',
      nodes: [
        { kind: 'start', id: 'debut', name: 'Début' },
        { kind: 'timer', id: 'trois_mois', name: 'Échéance dans trois mois', date: '= date(endDate) - duration("P3M")', notify: ['chef_service'] },
        { kind: 'timer', id: 'un_mois', name: 'Échéance dans un mois', date: '= date(endDate) - duration("P1M")' },
        { kind: 'end', id: 'fin', name: 'Fin' },
      ],
      flows: [
        { from: 'debut', to: 'trois_mois' },
        { from: 'trois_mois', to: 'un_mois' },
        { from: 'un_mois', to: 'fin' },
      ],
    };
    const wf = await compile(buildBpmn(spec));
    const waiting = await runStep(wf, null, { endDate: '2999-06-30' }, { kind: 'start' });
    expect(waiting.dueAt!.toISOString()).toBe('2999-03-30T22:59:59.000Z');
    expect(waiting.events.filter((e) => e.kind === 'reminder')).toEqual([]);
    const past = await runStep(wf, null, { endDate: '2020-06-30' }, { kind: 'start' });
    expect(past.events.filter((e) => e.kind === 'reminder').map((e) => [e.elementId, e.element?.notifyProfiles])).toEqual([['trois_mois', ['chef_service']]]);
    expect(past.status).toBe('completed');
  });

  it('saves a state without the definition source: under 30 KB for a 20-element process', async () => {
    const wf = await compile(linearProcess({ processId: 'vingt', tasks: 17, form: 'f', candidates: ['secretariat'], timer: 'P1D' }));
    expect(wf.elements.size - 19).toBe(20); // 20 flow nodes (and 19 sequence flows)
    let step = await runStep(wf, null, {}, { kind: 'start' });
    let largest = 0;
    while (step.waiting.length > 0) {
      largest = Math.max(largest, Buffer.byteLength(step.state));
      expect(step.state).not.toContain('"source"');
      step = await runStep(wf, saved(step), {}, { kind: 'signal', elementId: step.waiting[0]!.elementId, executionId: step.waiting[0]!.executionId });
    }
    expect(step.position).toEqual(['delai']);
    expect(largest).toBeLessThan(30 * 1024);
  });
});

describe('moving an instance to another version', () => {
  it('accepts a version that keeps every element the instance has been through, and refuses one that drops or retypes one', async () => {
    const v1 = linearProcess({ processId: 'lineaire', tasks: 3, form: 'f', candidates: ['secretariat'] });
    const wf = await compile(v1);
    const started = await runStep(wf, null, {}, { kind: 'start' });
    const state = saved(await runStep(wf, saved(started), {}, { kind: 'signal', elementId: 'tache_1', executionId: started.waiting[0]!.executionId }));
    const renamedLabels = v1.replace('name="Tâche 3"', 'name="Tâche trois"');
    expect(migrationProblems(state, targetOf(await parseWorkflow(renamedLabels)))).toEqual([]);
    const withoutTask2 = linearProcess({ processId: 'lineaire', tasks: 1, form: 'f', candidates: ['secretariat'] });
    expect(migrationProblems(state, targetOf(await parseWorkflow(withoutTask2)))).toEqual(expect.arrayContaining([expect.stringMatching(/« tache_2 » .* n’existe pas dans la version cible/)]));
    const retyped = v1.replace('<bpmn:userTask id="tache_2" name="Tâche 2" cordee:formRef="f" cordee:candidateProfiles="secretariat">', '<bpmn:serviceTask id="tache_2" name="Tâche 2" cordee:serviceRef="x">').replace(/(<bpmn:serviceTask id="tache_2"[^]*?)<\/bpmn:userTask>/, '$1</bpmn:serviceTask>');
    expect(migrationProblems(state, targetOf(await parseWorkflow(retyped)))).toContainEqual(expect.stringMatching(/« tache_2 » change de type \(UserTask → ServiceTask\)/));
    const otherProcess = v1.replace(/id="lineaire"/, 'id="autre"');
    expect(migrationProblems(state, targetOf(await parseWorkflow(otherProcess)))).toContainEqual(expect.stringMatching(/processus « lineaire » n’existe pas/));
    // an accepted target really runs the saved state
    const v2 = await compile(renamedLabels, 'v2');
    const moved = await runStep(v2, state, {}, { kind: 'signal', elementId: 'tache_2', executionId: (await runStep(v2, state, {}, { kind: 'resume' })).waiting[0]!.executionId });
    expect(moved.waiting.map((w) => w.element.name)).toEqual(['Tâche trois']);
  });
});
