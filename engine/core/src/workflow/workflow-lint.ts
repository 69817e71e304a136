import { type LintReport, Linter } from 'bpmnlint';
import { expressionProblem } from '../expressions/feel';
import type { LintIssue } from '../metadata/lint';
import { type ParsedWorkflow, type WorkflowElement, WorkflowParseError, parseWorkflow } from './definition';
import { deadlineProblem, isFeel } from './deadlines';
import { domainEvents, isDomainEvent } from './domain-events';
import { executableStartEvents } from './start-triggers';

/** What a workflow may refer to, known when it is published. */
export interface WorkflowCatalogue {
  /** Keys of published forms and grids. */
  forms: ReadonlySet<string>;
  /** Keys of staff profiles. */
  profiles: ReadonlySet<string>;
  /** Registered plugin actions (`plugin.action`). */
  actions: ReadonlySet<string>;
  /** Server actions a user task may run when it is completed (`cordee:completeAction`). */
  taskActions: ReadonlySet<string>;
}

export interface WorkflowLint {
  errors: LintIssue[];
  warnings: LintIssue[];
}

/** French wording of bpmnlint's recommended rules (its own messages are English). */
const ruleLabels: Record<string, string> = {
  'ad-hoc-sub-process': 'sous-processus ad hoc incorrect',
  'conditional-flows': 'un flux conditionnel doit partir d’une passerelle ou avoir une condition',
  'end-event-required': 'un événement de fin est requis',
  'event-based-gateway': 'passerelle basée sur les événements incorrecte',
  'event-sub-process-typed-start-event': 'le début d’un sous-processus événementiel doit être typé',
  'fake-join': 'jonction implicite : utilisez une passerelle',
  global: 'élément global non utilisé',
  'label-required': 'l’élément doit avoir un libellé (name)',
  'link-event': 'événement de lien incorrect',
  'no-bpmndi': 'l’élément n’a pas de représentation graphique (BPMNDI)',
  'no-complex-gateway': 'les passerelles complexes ne sont pas permises',
  'no-disconnected': 'l’élément n’est relié à rien',
  'no-duplicate-sequence-flows': 'flux de séquence en double',
  'no-gateway-join-fork': 'une passerelle ne peut pas à la fois joindre et séparer',
  'no-implicit-split': 'séparation implicite : utilisez une passerelle',
  'no-implicit-end': 'fin implicite : ajoutez un événement de fin',
  'no-implicit-start': 'début implicite : ajoutez un événement de début',
  'no-inclusive-gateway': 'passerelle inclusive déconseillée',
  'no-overlapping-elements': 'éléments superposés',
  'single-blank-start-event': 'un seul événement de début simple est permis',
  'single-event-definition': 'un événement ne porte qu’une définition',
  'start-event-required': 'un événement de début est requis',
  'sub-process-blank-start-event': 'le sous-processus doit commencer par un événement simple',
  'superfluous-gateway': 'passerelle superflue',
  'superfluous-label': 'libellé superflu',
  'superfluous-termination': 'fin terminale superflue',
};

/** A linter per run: some bpmnlint rules keep what they saw in the rule instance, which a linter caches. */
const newLinter = () =>
  new Linter({
    config: { extends: 'bpmnlint:recommended' },
    resolver: {
      // bpmnlint's own rules and configurations, from the pinned package
      resolveRule: (_pkg: string, name: string) => require(`bpmnlint/rules/${name}`),
      resolveConfig: (_pkg: string, name: string) => require(`bpmnlint/config/${name}`),
    },
  });

/** Element types a Cordée process may contain: anything else (scripts, calls, messages) is refused. */
const supported = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:IntermediateCatchEvent',
  'bpmn:BoundaryEvent',
  'bpmn:SequenceFlow',
  'bpmn:SubProcess',
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:DataObjectReference',
  'bpmn:DataObject',
]);
const eventDefinitionsAllowed = new Set(['bpmn:TimerEventDefinition', 'bpmn:TerminateEventDefinition']);

const at = (id: string) => `/bpmnXml/${id}`;
const label = (e: WorkflowElement) => (e.name ? `« ${e.name} » (${e.id})` : e.id);

function cordeeRules(parsed: ParsedWorkflow, catalogue: WorkflowCatalogue): LintIssue[] {
  const issues: LintIssue[] = [];
  const triggeringStarts = new Set(executableStartEvents(parsed).map((e) => e.id));
  if (parsed.executableProcessIds.length !== 1) {
    issues.push({ path: '/bpmnXml', message: `Le document doit contenir exactement un processus exécutable (isExecutable="true") ; il en contient ${parsed.executableProcessIds.length}.` });
  }
  for (const e of parsed.elements.values()) {
    if (!supported.has(e.type)) {
      issues.push({ path: at(e.id), message: `${label(e)} : le type ${e.type.replace('bpmn:', '')} n’est pas exécutable dans Cordée (tâches utilisateur, tâches de service, passerelles exclusives ou parallèles, minuteurs).` });
      continue;
    }
    for (const d of e.eventDefinitions) {
      if (!eventDefinitionsAllowed.has(d)) issues.push({ path: at(e.id), message: `${label(e)} : les événements ${d.replace('bpmn:', '').replace('EventDefinition', '')} ne sont pas pris en charge (minuteurs et fin terminale seulement).` });
    }
    if ((e.type === 'bpmn:IntermediateCatchEvent' || e.type === 'bpmn:BoundaryEvent') && e.timers.length === 0) {
      issues.push({ path: at(e.id), message: `${label(e)} : un événement intermédiaire ou attaché doit être un minuteur.` });
    }
    for (const timer of e.timers) {
      if (timer.kind === 'timeCycle') issues.push({ path: at(e.id), message: `${label(e)} : les minuteurs cycliques ne sont pas pris en charge ; utilisez une durée ou une date.` });
      else if (!timer.value) issues.push({ path: at(e.id), message: `${label(e)} : le minuteur n’a pas de valeur.` });
      else {
        const problem = deadlineProblem(timer.value);
        if (problem) issues.push({ path: at(e.id), message: `${label(e)} : minuteur illisible — ${problem}` });
      }
    }
    if (e.type === 'bpmn:UserTask') {
      if (!e.formRef) issues.push({ path: at(e.id), message: `${label(e)} : la tâche doit nommer un formulaire publié (cordee:formRef).` });
      else if (!catalogue.forms.has(e.formRef)) issues.push({ path: at(e.id), message: `${label(e)} : le formulaire « ${e.formRef} » n’est pas publié.` });
      if (e.candidateProfiles.length === 0) issues.push({ path: at(e.id), message: `${label(e)} : la tâche doit nommer ses profils candidats (cordee:candidateProfiles).` });
      for (const p of e.candidateProfiles) if (!catalogue.profiles.has(p)) issues.push({ path: at(e.id), message: `${label(e)} : le profil « ${p} » n’existe pas.` });
      if (e.dueDate) {
        const problem = deadlineProblem(e.dueDate);
        if (problem) issues.push({ path: at(e.id), message: `${label(e)} : échéance illisible — ${problem}` });
      }
      if (e.completeAction && !catalogue.taskActions.has(e.completeAction)) issues.push({ path: at(e.id), message: `${label(e)} : l’action de fin de tâche « ${e.completeAction} » n’existe pas.` });
    }
    if (e.type === 'bpmn:ServiceTask') {
      if (!e.serviceRef) issues.push({ path: at(e.id), message: `${label(e)} : la tâche de service doit nommer une action de plugin (cordee:serviceRef).` });
      else if (!catalogue.actions.has(e.serviceRef)) issues.push({ path: at(e.id), message: `${label(e)} : l’action « ${e.serviceRef} » n’est fournie par aucun plugin installé.` });
    }
    if (e.startOnForm && !catalogue.forms.has(e.startOnForm)) issues.push({ path: at(e.id), message: `${label(e)} : le formulaire déclencheur « ${e.startOnForm} » (cordee:startOnForm) n’est pas publié.` });
    if (e.startOnForm && !triggeringStarts.has(e.id)) issues.push({ path: at(e.id), message: `${label(e)} : seul un événement de début du processus exécutable peut être déclenché par un formulaire (cordee:startOnForm).` });
    if (e.startOnEvent && !isDomainEvent(e.startOnEvent)) {
      issues.push({ path: at(e.id), message: `${label(e)} : l’événement déclencheur « ${e.startOnEvent} » (cordee:startOnEvent) n’existe pas ; événements connus : ${Object.keys(domainEvents).join(', ')}.` });
    }
    if (e.startOnEvent && !triggeringStarts.has(e.id)) issues.push({ path: at(e.id), message: `${label(e)} : seul un événement de début du processus exécutable peut être déclenché par un événement du dossier (cordee:startOnEvent).` });
    if (e.wakeOnEvent && !isDomainEvent(e.wakeOnEvent)) {
      issues.push({ path: at(e.id), message: `${label(e)} : l’événement « ${e.wakeOnEvent} » (cordee:wakeOnEvent) n’existe pas ; événements connus : ${Object.keys(domainEvents).join(', ')}.` });
    }
    for (const p of e.notifyProfiles) if (!catalogue.profiles.has(p)) issues.push({ path: at(e.id), message: `${label(e)} : le profil à prévenir « ${p} » n’existe pas.` });
    if (e.condition !== null) {
      if (!isFeel(e.condition)) issues.push({ path: at(e.id), message: `${label(e)} : une condition s’écrit en FEEL et commence par « = » (par exemple = decision = "acceptee").` });
      else {
        const problem = expressionProblem(e.condition.trimStart().slice(1));
        if (problem) issues.push({ path: at(e.id), message: `${label(e)} : condition invalide — ${problem.message}` });
      }
    }
  }
  return issues;
}

function bpmnlintIssues(results: Record<string, LintReport[]>): WorkflowLint {
  const errors: LintIssue[] = [];
  const warnings: LintIssue[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const report of reports) {
      const issue = { path: report.id ? at(report.id) : '/bpmnXml', message: `${report.id ? `${report.id} : ` : ''}${ruleLabels[rule] ?? report.message} (bpmnlint ${rule}).` };
      (report.category === 'warn' || report.category === 'info' ? warnings : errors).push(issue);
    }
  }
  return { errors, warnings };
}

/**
 * Everything that keeps a workflow from being published: bpmnlint's recommended rules (errors
 * block, warnings are reported), and Cordée's — one executable process of supported elements,
 * every user task bound to a published form, existing profiles and a known completion action,
 * every service task to a registered action, timers, due dates and conditions that parse.
 */
export async function lintWorkflow(xml: string, catalogue: WorkflowCatalogue): Promise<WorkflowLint> {
  let parsed: ParsedWorkflow;
  try {
    parsed = await parseWorkflow(xml);
  } catch (error) {
    if (error instanceof WorkflowParseError) return { errors: [{ path: '/bpmnXml', message: error.message }], warnings: [] };
    throw error;
  }
  const fromBpmnlint = bpmnlintIssues(await newLinter().lint(parsed.moddle.rootElement));
  return { errors: [...fromBpmnlint.errors, ...cordeeRules(parsed, catalogue)], warnings: fromBpmnlint.warnings };
}
