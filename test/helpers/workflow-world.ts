/** A world for the workflow tests: two establishments, staff of the profiles the processes name, dossiers with a placement, and a publisher of workflows. */
import pino from 'pino';
import { ensureArtefact, insertDossier, insertPlacement, saveDraft } from '@cordee/db';
import { packArtefacts } from '@cordee/seeds';
import { publishDraft } from '@cordee/server/src/metadata/publish';
import { startJobWorker } from '@cordee/server/src/workers/job-worker';
import { type Worker, startWorkflowScheduler } from '@cordee/server/src/workers/workflow-scheduler';
import { type TestOrganisation, type TestUser, createOrganisation, createUser } from './fixtures';
import type { HttpClient } from './http-client';
import type { TestServer } from './test-server';

export type WorkflowUser = 'chefA' | 'dirA' | 'secA' | 'educA1' | 'psyA' | 'chefB' | 'admin' | 'qualite';

export interface WorkflowWorld {
  org: TestOrganisation;
  estA: string;
  estB: string;
  unitA1: string;
  users: Record<WorkflowUser, TestUser>;
  as(user: WorkflowUser): Promise<HttpClient>;
  /** A dossier of establishment A (unit A1) admitted on `admissionDate`. */
  dossier(admissionDate?: string, establishment?: 'A' | 'B'): Promise<string>;
  /** Saves and publishes a workflow; returns the publication answer (status and body). */
  publishWorkflow(key: string, bpmnXml: string, title?: string): Promise<{ status: number; body: any }>;
  /** Starts the scheduler and the job worker of this server, idle until `runOnce()` (they are stopped by `stopWorkers`). */
  workers(options?: { backoffBaseMs?: number }): { scheduler: Worker; jobs: Worker };
  stopWorkers(): Promise<void>;
}

const HOUR = 3_600_000;
let dossierCounter = 0;

export async function workflowWorld(server: TestServer, prefix: string): Promise<WorkflowWorld> {
  const org = await createOrganisation(server.db, `Association ${prefix}`);
  const [a, b] = org.establishments as [TestOrganisation['establishments'][number], TestOrganisation['establishments'][number]];
  const unitA1 = a.unitIds[0]!;
  const users: Record<WorkflowUser, TestUser> = {
    chefA: await createUser(server.db, `${prefix}.chef.a`, [{ profile: 'chef_service', establishmentId: a.id }]),
    dirA: await createUser(server.db, `${prefix}.dir.a`, [{ profile: 'directeur', establishmentId: a.id }]),
    secA: await createUser(server.db, `${prefix}.sec.a`, [{ profile: 'secretariat', establishmentId: a.id }]),
    educA1: await createUser(server.db, `${prefix}.educ.a1`, [{ profile: 'educateur_specialise', establishmentId: a.id, unitId: unitA1 }]),
    psyA: await createUser(server.db, `${prefix}.psy.a`, [{ profile: 'psychologue', establishmentId: a.id }]),
    chefB: await createUser(server.db, `${prefix}.chef.b`, [{ profile: 'chef_service', establishmentId: b.id }]),
    admin: await createUser(server.db, `${prefix}.admin`, [{ profile: 'administrateur' }]),
    qualite: await createUser(server.db, `${prefix}.qualite`, [{ profile: 'responsable_qualite' }]),
  };
  const clients = new Map<string, HttpClient>();
  const as = async (name: WorkflowUser) => {
    let client = clients.get(name);
    if (!client) {
      client = server.client();
      const login = await client.login(users[name].login, users[name].password);
      if (login.status !== 200) throw new Error(`login of ${name} failed: ${login.status}`);
      clients.set(name, client);
    }
    return client;
  };
  const running: Worker[] = [];
  const logger = pino({ level: 'silent' });
  return {
    org,
    estA: a.id,
    estB: b.id,
    unitA1,
    users,
    as,
    dossier: async (admissionDate = '2026-01-05', establishment = 'A') => {
      const est = establishment === 'A' ? a : b;
      const { id } = await insertDossier(server.db, {
        identity: { birthName: `ENFANT${++dossierCounter}`, firstNames: 'Camille', birthDate: '2012-04-03', birthPlaceCode: '75056', sex: 'F' },
        establishmentId: est.id,
        unitId: est.unitIds[0]!,
        status: 'admitted',
      });
      await insertPlacement(server.db, { dossierId: id, establishmentId: est.id, unitId: est.unitIds[0]!, startDate: admissionDate, legalBasis: 'accueil_provisoire' });
      return id;
    },
    publishWorkflow: async (key, bpmnXml, title = `Processus ${key}`) => {
      const client = await as('qualite');
      const draft = await client.put(`/api/metadata/workflows/${key}/draft`, { title, bpmnXml });
      if (draft.status !== 200) return draft;
      return client.post(`/api/metadata/workflows/${key}/publish`);
    },
    workers: (options = {}) => {
      const scheduler = startWorkflowScheduler(server.deps, logger, { intervalMs: HOUR });
      const jobs = startJobWorker(server.deps, logger, { intervalMs: HOUR, backoffBaseMs: options.backoffBaseMs ?? 20, backoffMaxMs: 200 });
      running.push(scheduler, jobs);
      return { scheduler, jobs };
    },
    stopWorkers: async () => {
      await Promise.all(running.splice(0).map((w) => w.stop()));
    },
  };
}

/** The pack's admission workflow and the forms and grids it names, published as the pack loader does (without the rest of the pack). */
export async function publishAdmission(server: TestServer): Promise<string[]> {
  const artefacts = packArtefacts();
  const bpmnXml = String(artefacts.find((a) => a.kind === 'workflow' && a.key === 'admission')!.definition.bpmnXml);
  const forms = new Set([...bpmnXml.matchAll(/cordee:formRef="([^"]+)"/g)].map((m) => m[1]!));
  const wanted = (a: (typeof artefacts)[number]) => (a.kind === 'workflow' ? a.key === 'admission' : a.kind !== 'template' && forms.has(a.key));
  const ctx = { requestId: 'test-pack', ip: null, log: server.deps.logger, user: null, sessionExpired: false };
  const published: string[] = [];
  for (const artefact of artefacts.filter(wanted)) {
    await server.db.transaction(async (trx) => {
      await ensureArtefact(trx, artefact.kind, artefact.key);
      await saveDraft(trx, artefact.kind, artefact.key, artefact.definition, null);
    });
    published.push(`${artefact.kind}/${artefact.key}@${(await publishDraft(server.deps, ctx, artefact.kind, artefact.key)).version}`);
  }
  return published;
}

/** The pack's small forms a test task names: valid answers for each. */
export const decisionAnswers = (decision: 'acceptee' | 'refusee' | 'liste_attente' = 'acceptee') => ({ decision, date_decision: '2026-01-03', motif: 'Projet adapté aux besoins de l’enfant.' });
export const remiseAnswers = () => ({ document: 'contrat_sejour', date_remise: '2026-01-10', remis_a: ['enfant', 'tap'] });
