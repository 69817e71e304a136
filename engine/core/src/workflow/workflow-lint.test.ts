import { buildBpmn, type ProcessSpec } from './testing/bpmn-builder';
import { lintWorkflow } from './workflow-lint';

const catalogue = { forms: new Set(['avis-admission']), profiles: new Set(['chef_service', 'secretariat']), actions: new Set(['demo.accuse-reception']), taskActions: new Set(['dossier.archive']) };

const admission = (over: Partial<ProcessSpec> = {}): ProcessSpec => ({
  processId: 'admission',
  name: 'Admission',
  nodes: [
    { kind: 'start', id: 'debut', name: 'Demande reçue' },
    { kind: 'user', id: 'etude', name: 'Étudier la demande', form: 'avis-admission', candidates: ['chef_service'], due: 'P5D' },
    { kind: 'boundary', id: 'relance', name: 'Relance', attachedTo: 'etude', duration: 'P5D', notify: ['chef_service'] },
    { kind: 'service', id: 'accuse', name: 'Accuser réception', action: 'demo.accuse-reception' },
    { kind: 'timer', id: 'delai', name: 'Délai', date: '= date(admissionDate) + duration("P15D")' },
    { kind: 'end', id: 'fin', name: 'Fin' },
    { kind: 'end', id: 'fin_relance', name: 'Relance envoyée' },
  ],
  flows: [
    { from: 'debut', to: 'etude' },
    { from: 'etude', to: 'accuse' },
    { from: 'accuse', to: 'delai' },
    { from: 'delai', to: 'fin' },
    { from: 'relance', to: 'fin_relance' },
  ],
  ...over,
});

describe('workflow lint at publication', () => {
  it('accepts a process whose tasks name published forms, existing profiles and registered actions', async () => {
    const result = await lintWorkflow(buildBpmn(admission()), catalogue);
    expect(result.errors).toEqual([]);
  });

  it('refuses what is not BPMN', async () => {
    const result = await lintWorkflow('<definitions><oops', catalogue);
    expect(result.errors[0]!.message).toMatch(/BPMN 2\.0 lisible/);
  });

  it('runs bpmnlint’s recommended rules: a diagram without BPMNDI or an unlabelled task is refused', async () => {
    const xml = buildBpmn(admission())
      .replace(/<bpmndi:BPMNShape id="accuse_di"[^]*?<\/bpmndi:BPMNShape>/, '')
      .replace('name="Étudier la demande"', '');
    const result = await lintWorkflow(xml, catalogue);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: '/bpmnXml/accuse', message: expect.stringContaining('représentation graphique (BPMNDI) (bpmnlint no-bpmndi)') },
        { path: '/bpmnXml/etude', message: expect.stringContaining('libellé (name) (bpmnlint label-required)') },
      ]),
    );
  });

  it('names every unpublished form, unknown profile, unregistered action, unreadable timer and due date', async () => {
    const spec = admission();
    spec.nodes[1] = { kind: 'user', id: 'etude', name: 'Étudier la demande', form: 'inconnu', candidates: ['chef_service', 'astronaute'], due: 'bientôt' };
    spec.nodes[2] = { kind: 'boundary', id: 'relance', name: 'Relance', attachedTo: 'etude', duration: 'cinq jours', notify: ['pompier'] };
    spec.nodes[3] = { kind: 'service', id: 'accuse', name: 'Accuser réception', action: 'insi.inconnue' };
    spec.nodes[4] = { kind: 'timer', id: 'delai', name: 'Délai', date: '= date(admissionDate) +' };
    const messages = (await lintWorkflow(buildBpmn(spec), catalogue)).errors.map((e) => `${e.path} ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/bpmnXml\/etude .*formulaire « inconnu » n’est pas publié/),
        expect.stringMatching(/^\/bpmnXml\/etude .*profil « astronaute » n’existe pas/),
        expect.stringMatching(/^\/bpmnXml\/etude .*échéance illisible/),
        expect.stringMatching(/^\/bpmnXml\/relance .*minuteur illisible/),
        expect.stringMatching(/^\/bpmnXml\/relance .*profil à prévenir « pompier »/),
        expect.stringMatching(/^\/bpmnXml\/accuse .*action « insi\.inconnue » n’est fournie par aucun plugin/),
        expect.stringMatching(/^\/bpmnXml\/delai .*minuteur illisible/),
      ]),
    );
  });

  it('checks the completion action of a user task and the profiles a reminder timer notifies', async () => {
    const spec = admission();
    spec.nodes[1] = { kind: 'user', id: 'etude', name: 'Étudier la demande', form: 'avis-admission', candidates: ['chef_service'], completeAction: 'dossier.archive' };
    spec.nodes[4] = { kind: 'timer', id: 'delai', name: 'Délai', duration: 'P1M', notify: ['secretariat'] };
    expect((await lintWorkflow(buildBpmn(spec), catalogue)).errors).toEqual([]);
    spec.nodes[1] = { kind: 'user', id: 'etude', name: 'Étudier la demande', form: 'avis-admission', candidates: ['chef_service'], completeAction: 'dossier.detruire' };
    spec.nodes[4] = { kind: 'timer', id: 'delai', name: 'Délai', duration: 'P1M', notify: ['pompier'] };
    const messages = (await lintWorkflow(buildBpmn(spec), catalogue)).errors.map((e) => `${e.path} ${e.message}`);
    expect(messages).toEqual([expect.stringMatching(/^\/bpmnXml\/etude .*action de fin de tâche « dossier\.detruire » n’existe pas/), expect.stringMatching(/^\/bpmnXml\/delai .*profil à prévenir « pompier »/)]);
  });

  it('refuses script tasks, conditions not written in FEEL, cyclic timers and non-executable documents', async () => {
    const xml = buildBpmn(admission({
      nodes: [
        { kind: 'start', id: 'debut', name: 'Début' },
        { kind: 'xor', id: 'choix', name: 'Décision ?', defaultFlow: 'non' },
        { kind: 'end', id: 'fin', name: 'Fin' },
        { kind: 'end', id: 'fin2', name: 'Fin 2' },
      ],
      flows: [
        { from: 'debut', to: 'choix' },
        { id: 'oui', from: 'choix', to: 'fin', condition: '${decision}' },
        { id: 'non', from: 'choix', to: 'fin2' },
      ],
    }))
      .replace('<bpmn:endEvent id="fin2" name="Fin 2">', '<bpmn:scriptTask id="script" name="Script" scriptFormat="javascript"><bpmn:script>next()</bpmn:script></bpmn:scriptTask><bpmn:endEvent id="fin2" name="Fin 2">');
    const messages = (await lintWorkflow(xml, catalogue)).errors.map((e) => e.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/ScriptTask n’est pas exécutable/), expect.stringMatching(/condition s’écrit en FEEL/)]));
    const notExecutable = (await lintWorkflow(buildBpmn(admission()).replace('isExecutable="true"', 'isExecutable="false"'), catalogue)).errors;
    expect(notExecutable.map((e) => e.message)).toContainEqual(expect.stringMatching(/exactement un processus exécutable/));
    const cyclic = buildBpmn(admission()).replace('<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P5D</bpmn:timeDuration>', '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle>');
    expect((await lintWorkflow(cyclic, catalogue)).errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/cycliques ne sont pas pris en charge/));
  });
});
