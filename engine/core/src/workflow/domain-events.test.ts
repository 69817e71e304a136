import { parseWorkflow } from './definition';
import { placeFreedEvent, placementTermEvent } from './domain-events';
import { eventTriggersOf, formTriggersOf } from './start-triggers';
import { buildBpmn, type ProcessSpec } from './testing/bpmn-builder';
import { lintWorkflow } from './workflow-lint';

const catalogue = { forms: new Set(['sortie']), profiles: new Set(['chef_service']), actions: new Set<string>(), taskActions: new Set<string>() };

const alert = (start: { startOnEvent?: string; startOnForm?: string } = {}): ProcessSpec => ({
  processId: 'alerte',
  name: 'Alerte',
  nodes: [
    { kind: 'start', id: 'echeance', name: 'Échéance enregistrée', ...start },
    { kind: 'timer', id: 'avant', name: 'Un mois avant', date: '= date(placementTerm) - duration("P1M")', notify: ['chef_service'] },
    { kind: 'end', id: 'fin', name: 'Fin' },
  ],
  flows: [
    { from: 'echeance', to: 'avant' },
    { from: 'avant', to: 'fin' },
  ],
});

describe('processes started by a domain event (cordee:startOnEvent)', () => {
  it('finds the event named on the start event of the executable process, apart from the forms', async () => {
    const parsed = await parseWorkflow(buildBpmn(alert({ startOnEvent: 'placement.term_recorded', startOnForm: 'sortie' })));
    expect(eventTriggersOf(parsed)).toEqual([{ event: 'placement.term_recorded', startEventId: 'echeance' }]);
    expect(formTriggersOf(parsed)).toEqual([{ formKey: 'sortie', startEventId: 'echeance' }]);
    expect(eventTriggersOf(await parseWorkflow(buildBpmn(alert())))).toEqual([]);
  });

  it('is accepted at publication for an event of the catalogue, refused for any other, naming the known ones', async () => {
    expect((await lintWorkflow(buildBpmn(alert({ startOnEvent: 'placement.term_recorded' })), catalogue)).errors).toEqual([]);
    const unknown = (await lintWorkflow(buildBpmn(alert({ startOnEvent: 'placement.deleted' })), catalogue)).errors;
    expect(unknown).toEqual([{ path: '/bpmnXml/echeance', message: expect.stringMatching(/« placement\.deleted » \(cordee:startOnEvent\) n’existe pas ; événements connus : placement\.term_recorded, place\.freed\.$/) }]);
  });

  it('refuses an event on the start event of a sub-process', async () => {
    const xml = buildBpmn(alert())
      .replace('<bpmn:endEvent id="fin"', '<bpmn:subProcess id="sous" name="Sous-processus"><bpmn:startEvent id="sous_debut" name="Début" cordee:startOnEvent="placement.term_recorded"/></bpmn:subProcess><bpmn:endEvent id="fin"')
      .replace('</bpmndi:BPMNPlane>', '<bpmndi:BPMNShape id="sous_di" bpmnElement="sous"><dc:Bounds x="100" y="300" width="200" height="120"/></bpmndi:BPMNShape></bpmndi:BPMNPlane>');
    expect(eventTriggersOf(await parseWorkflow(xml))).toEqual([]);
    expect((await lintWorkflow(xml, catalogue)).errors).toEqual(
      expect.arrayContaining([{ path: '/bpmnXml/sous_debut', message: expect.stringContaining('seul un événement de début du processus exécutable peut être déclenché par un événement du dossier') }]),
    );
  });
});

describe('waiting timers woken by a domain event (cordee:wakeOnEvent)', () => {
  const waiting = (wakeOnEvent: string): ProcessSpec => ({
    processId: 'attente',
    name: 'Attente',
    nodes: [
      { kind: 'start', id: 'debut', name: 'Début' },
      { kind: 'timer', id: 'en_attente', name: 'Attente d’une place', duration: 'P1M', wakeOnEvent },
      { kind: 'end', id: 'fin', name: 'Fin' },
    ],
    flows: [
      { from: 'debut', to: 'en_attente' },
      { from: 'en_attente', to: 'fin' },
    ],
  });

  it('reads the event on an intermediate timer; publication accepts an event of the catalogue and refuses any other', async () => {
    expect((await parseWorkflow(buildBpmn(waiting('place.freed')))).elements.get('en_attente')?.wakeOnEvent).toBe('place.freed');
    expect((await lintWorkflow(buildBpmn(waiting('place.freed')), catalogue)).errors).toEqual([]);
    expect((await lintWorkflow(buildBpmn(waiting('place.taken')), catalogue)).errors).toEqual([
      { path: '/bpmnXml/en_attente', message: expect.stringContaining('« place.taken » (cordee:wakeOnEvent) n’existe pas ; événements connus : placement.term_recorded, place.freed.') },
    ]);
  });
});

describe('place.freed', () => {
  const before = (endDate: string | null) => ({ endDate, establishmentId: 'e1', unitId: 'u1' });
  const after = (endDate: string | null) => ({ id: 'p1', endDate });

  it('happens when an open placement gets an end date, or when its end comes earlier; about the placement’s establishment', () => {
    expect(placeFreedEvent(before(null), after('2027-03-31'))).toEqual({
      key: 'place.freed',
      subjectId: 'p1',
      establishmentId: 'e1',
      variables: { placementId: 'p1', establishmentId: 'e1', unitId: 'u1', freedOn: '2027-03-31' },
    });
    expect(placeFreedEvent(before('2027-06-30'), after('2027-03-31'))?.variables).toMatchObject({ freedOn: '2027-03-31' });
  });

  it('does not happen when the end is removed, kept or moved later (a renewal keeps the place)', () => {
    expect(placeFreedEvent(before('2027-06-30'), after(null))).toBeNull();
    expect(placeFreedEvent(before('2027-06-30'), after('2027-06-30'))).toBeNull();
    expect(placeFreedEvent(before('2027-06-30'), after('2028-06-30'))).toBeNull();
    expect(placeFreedEvent(before(null), after(null))).toBeNull();
  });
});

describe('placement.term_recorded', () => {
  const placement = (endDate: string | null) => ({ id: 'p1', endDate });

  it('happens when a placement is recorded with a term, and when its term is set, moved or removed', () => {
    expect(placementTermEvent(null, placement('2027-06-30'))).toEqual({
      key: 'placement.term_recorded',
      subjectId: 'p1',
      variables: { placementId: 'p1', placementTerm: '2027-06-30', previousPlacementTerm: null },
    });
    expect(placementTermEvent({ endDate: null }, placement('2027-06-30'))?.variables).toMatchObject({ placementTerm: '2027-06-30', previousPlacementTerm: null });
    expect(placementTermEvent({ endDate: '2027-06-30' }, placement('2028-06-30'))?.variables).toMatchObject({ placementTerm: '2028-06-30', previousPlacementTerm: '2027-06-30' });
    expect(placementTermEvent({ endDate: '2027-06-30' }, placement(null))?.variables).toMatchObject({ placementTerm: null, previousPlacementTerm: '2027-06-30' });
  });

  it('does not happen for a placement without a term, nor when the term stays the same', () => {
    expect(placementTermEvent(null, placement(null))).toBeNull();
    expect(placementTermEvent({ endDate: '2027-06-30' }, placement('2027-06-30'))).toBeNull();
  });
});
