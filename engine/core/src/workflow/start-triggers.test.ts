import { parseWorkflow } from './definition';
import { formTriggersOf } from './start-triggers';
import { buildBpmn, type ProcessSpec } from './testing/bpmn-builder';
import { lintWorkflow } from './workflow-lint';

const catalogue = { forms: new Set(['liberte-aller-venir', 'registre']), profiles: new Set(['chef_service']), actions: new Set<string>(), taskActions: new Set<string>() };

const reminder = (startOnForm?: string): ProcessSpec => ({
  processId: 'rappel',
  name: 'Rappel',
  nodes: [
    { kind: 'start', id: 'saisie', name: 'Registre enregistré', ...(startOnForm ? { startOnForm } : {}) },
    { kind: 'user', id: 'revoir', name: 'Revoir les mesures', form: 'liberte-aller-venir', candidates: ['chef_service'] },
    { kind: 'end', id: 'fin', name: 'Fin' },
  ],
  flows: [
    { from: 'saisie', to: 'revoir' },
    { from: 'revoir', to: 'fin' },
  ],
});

/** The same process with a sub-process whose own start event names a form. */
const withSubProcessTrigger = (xml: string) =>
  xml
    .replace(
      '<bpmn:endEvent id="fin"',
      '<bpmn:subProcess id="sous" name="Sous-processus"><bpmn:startEvent id="sous_debut" name="Début" cordee:startOnForm="registre"/></bpmn:subProcess><bpmn:endEvent id="fin"',
    )
    .replace('</bpmndi:BPMNPlane>', '<bpmndi:BPMNShape id="sous_di" bpmnElement="sous"><dc:Bounds x="100" y="300" width="200" height="120"/></bpmndi:BPMNShape></bpmndi:BPMNPlane>');

describe('processes started by a form (cordee:startOnForm)', () => {
  it('finds the form named on the start event of the executable process, and nothing elsewhere', async () => {
    expect(formTriggersOf(await parseWorkflow(buildBpmn(reminder('liberte-aller-venir'))))).toEqual([{ formKey: 'liberte-aller-venir', startEventId: 'saisie' }]);
    expect(formTriggersOf(await parseWorkflow(buildBpmn(reminder())))).toEqual([]);
    expect(formTriggersOf(await parseWorkflow(withSubProcessTrigger(buildBpmn(reminder()))))).toEqual([]);
  });

  it('is accepted at publication when the form is published', async () => {
    expect((await lintWorkflow(buildBpmn(reminder('liberte-aller-venir')), catalogue)).errors).toEqual([]);
  });

  it('refuses a form that is not published, and a trigger on a sub-process’s start event', async () => {
    const unpublished = (await lintWorkflow(buildBpmn(reminder('formulaire-inconnu')), catalogue)).errors;
    expect(unpublished).toEqual([{ path: '/bpmnXml/saisie', message: expect.stringContaining('formulaire déclencheur « formulaire-inconnu » (cordee:startOnForm) n’est pas publié') }]);
    const nested = (await lintWorkflow(withSubProcessTrigger(buildBpmn(reminder())), catalogue)).errors;
    expect(nested).toEqual(expect.arrayContaining([{ path: '/bpmnXml/sous_debut', message: expect.stringContaining('seul un événement de début du processus exécutable') }]));
  });
});
