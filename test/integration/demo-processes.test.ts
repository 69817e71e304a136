import pino from 'pino';
import { latestVersion } from '@cordee/db';
import { DEMO_PASSWORD, documentedLogins } from '@cordee/seeds';
import { ensureDemoData } from '@cordee/server/src/startup/demo-data';
import { startWorkflowScheduler } from '@cordee/server/src/workers/workflow-scheduler';
import { type TestServer, startTestServer } from '../helpers/test-server';

const logger = pino({ level: 'silent' });

describe('demo processes', () => {
  let server: TestServer;
  let loadMs = 0;
  beforeAll(async () => {
    server = await startTestServer({ demoMode: true });
    await server.loadPack();
    const startedAt = Date.now();
    expect(await ensureDemoData(server.deps, logger)).toBe(true);
    loadMs = Date.now() - startedAt;
  });
  afterAll(() => server.close());

  const inbox = async (login: string, scope: 'candidate' | 'mine' | 'team' = 'candidate') => {
    const client = server.client();
    expect((await client.login(login, DEMO_PASSWORD)).status).toBe(200);
    const response = await client.get(`/api/tasks?scope=${scope}&limit=100`);
    expect(response.status).toBe(200);
    return response.body.items as Array<{ id: string; elementId: string; workflow: string; dossierId: string; dueAt: string | null; overdue: boolean }>;
  };
  const count = async (table: string) => Number((await server.db(table).count('* as n').first())!.n);

  it('starts the pack’s workflows for children at every stage, on their published versions, through the audited path', async () => {
    console.log(`demo data with processes loaded in ${loadMs} ms`);
    const instances = await server.db('process_instance as p').join('account as a', 'a.id', 'p.started_by').select('p.id', 'p.workflow_key', 'p.definition_version_id', 'p.status', 'a.is_demo');
    expect(instances.length).toBeGreaterThanOrEqual(30);
    expect([...new Set(instances.map((i) => i.workflow_key))]).toEqual(
      expect.arrayContaining(['admission', 'rapport-situation-cycle', 'autonomie', 'incident-grave', 'echeance-mesure', 'fin-prise-en-charge']),
    );
    // every instance was started by a demo staff account, on the latest published version of its workflow
    expect(await count('process_instance')).toBe(instances.length);
    for (const key of new Set(instances.map((i) => i.workflow_key))) {
      const version = await latestVersion(server.db, 'workflow', key);
      expect({ key, versions: [...new Set(instances.filter((i) => i.workflow_key === key).map((i) => i.definition_version_id))] }).toEqual({ key, versions: [version!.id] });
    }
    expect(instances.every((i) => i.is_demo)).toBe(true);
    // each one through the audited start (POST /api/processes or a form that starts it), each task completion audited too
    const started = await server.db('audit_pending').whereRaw("event->>'action' = 'process.start'").select(server.db.raw("event->>'targetId' as id"));
    expect(started.map((r) => r.id).sort()).toEqual(instances.map((i) => i.id).sort());
    const completions = await server.db('audit_pending').whereRaw("event->>'action' = 'task.complete'").count('* as n').first();
    expect(Number(completions!.n)).toBe(await server.db('user_task').where('status', 'completed').count('* as n').first().then((r) => Number(r!.n)));
    // nothing stuck: no failed instance, no incident, no external task left waiting
    expect(instances.filter((i) => i.status === 'failed')).toEqual([]);
    expect(await count('workflow_incident')).toBe(0);
    expect(await server.db('workflow_job').where('status', 'pending').count('* as n').first()).toEqual({ n: '0' });
    // the steps are dated as they stand for: never after now, started before their tasks
    expect(await server.db('process_instance').where('started_at', '>', new Date()).count('* as n').first()).toEqual({ n: '0' });
    expect(await server.db('user_task as t').join('process_instance as p', 'p.id', 't.instance_id').whereRaw('t.created_at < p.started_at').count('* as n').first()).toEqual({ n: '0' });
  });

  it('fills the inboxes of demo.educateur with tasks of the Horizon group, with due dates: one taken, others to take, some late', async () => {
    const candidate = await inbox(documentedLogins.educateur_specialise);
    const mine = await inbox(documentedLogins.educateur_specialise, 'mine');
    expect(candidate.length).toBeGreaterThanOrEqual(2);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    const all = [...candidate, ...mine];
    const units = await server.db('dossier as d').join('unit as u', 'u.id', 'd.unit_id').whereIn('d.id', all.map((t) => t.dossierId)).distinct('u.name').pluck('u.name');
    expect(units).toEqual(['Groupe Horizon (12-15 ans)']);
    expect(all.every((t) => t.dueAt !== null)).toBe(true);
    expect(candidate.filter((t) => t.overdue).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((t) => !t.overdue).length).toBeGreaterThanOrEqual(1);
    // the report of a child they are the référent of, taken by them
    expect(mine.map((t) => t.elementId)).toContain('redaction');
    expect(candidate.map((t) => t.workflow)).toEqual(expect.arrayContaining(['admission', 'rapport-situation-cycle']));
  });

  let decisionsOfMecs = 0;
  it('shows demo.chef the admission decisions to take, one of them overdue, and last night’s serious incident to confirm in writing within 48 hours', async () => {
    const decisions = (await inbox(documentedLogins.chef_service)).filter((t) => t.elementId === 'decision');
    expect(decisions.length).toBeGreaterThanOrEqual(5);
    expect(decisions.filter((t) => t.overdue)).toHaveLength(1);
    decisionsOfMecs = decisions.length;
    const confirmation = (await inbox(documentedLogins.chef_service, 'mine')).find((t) => t.elementId === 'confirmation_ecrite')!;
    expect(confirmation.workflow).toBe('incident-grave');
    expect(confirmation.overdue).toBe(false);
    expect(Date.parse(confirmation.dueAt!) - Date.now()).toBeLessThanOrEqual(48 * 3_600_000);
  });

  it('gives the director the newcomers’ contracts, due within the month of their arrival, and the secretariat an arrival and the authorisations to collect', async () => {
    const director = [...(await inbox(documentedLogins.directeur)), ...(await inbox(documentedLogins.directeur, 'mine'))];
    const contracts = director.filter((t) => t.elementId === 'remise_contrat' || t.elementId === 'signature_contrat');
    expect(contracts.length).toBeGreaterThanOrEqual(2);
    expect(contracts.every((t) => !t.overdue && t.dueAt !== null)).toBe(true);
    expect(director.filter((t) => t.elementId === 'decision').length).toBeGreaterThan(decisionsOfMecs);
    expect((await inbox(documentedLogins.secretariat, 'mine')).map((t) => t.elementId)).toEqual(['accueil']);
    const secretariat = await inbox(documentedLogins.secretariat);
    expect(secretariat.map((t) => `${t.elementId}${t.overdue ? ' (late)' : ''}`)).toEqual(['autorisations (late)']);
    // the nurse has the newcomer's health check-up ahead; autonomy interviews and exits are with the référents
    expect((await inbox(documentedLogins.infirmier)).map((t) => t.elementId)).toContain('bilan_sante');
    const taken = await server.db('user_task').where('status', 'open').whereNotNull('assignee_id').distinct('element_id').pluck('element_id');
    expect(taken).toEqual(expect.arrayContaining(['entretien_autonomie', 'entretien_sortie', 'redaction', 'signature_contrat', 'confirmation_ecrite', 'accueil']));
  });

  it('lets the scheduler’s first round escalate the few late steps, without a flood, and nothing more on the next round', async () => {
    const before = await count('notification');
    const reexamined = () => server.db('user_task').where({ element_id: 'reexamen_attente', status: 'open' }).count('* as n').first().then((r) => Number(r!.n));
    expect(await reexamined()).toBe(0);
    const scheduler = startWorkflowScheduler(server.deps, logger, { intervalMs: 2 ** 30 });
    await scheduler.runOnce();
    await scheduler.stop();
    const kinds = await server.db('notification').groupBy('kind').select('kind', server.db.raw('count(*)::int as n'));
    const added = (await count('notification')) - before;
    console.log(`notifications: ${before} at load, ${added} from the scheduler's first round`, kinds);
    expect(before).toBeLessThanOrEqual(40);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThanOrEqual(40);
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['workflow.escalation', 'workflow.task_overdue']));
    // the application waiting for its decision for 8 days: demo.chef is reminded of it, once, and told the task is late
    const client = server.client();
    await client.login(documentedLogins.chef_service, DEMO_PASSWORD);
    const notes = ((await client.get('/api/notifications')).body.items as Array<{ kind: string; payload: { elementId?: string; name?: string } }>).map((n) => `${n.kind}:${n.payload.elementId ?? n.payload.name}`);
    expect(notes.filter((n) => n === 'workflow.escalation:relance_decision')).toHaveLength(1);
    expect(notes).toContain('workflow.task_overdue:Décider de l’admission');
    expect(await server.db('process_instance').where('status', 'failed').count('* as n').first()).toEqual({ n: '0' });
    // the waiting lists: the requests waiting for more than a month come back for their monthly re-examination
    expect(await reexamined()).toBeGreaterThanOrEqual(1);
    // what fell due was handled once: a second round notifies nobody
    const again = startWorkflowScheduler(server.deps, logger, { intervalMs: 2 ** 30 });
    await again.runOnce();
    await again.stop();
    expect(await count('notification')).toBe(before + added);
  });

  it('changes nothing when loaded again', async () => {
    const tables = ['process_instance', 'user_task', 'process_history', 'notification', 'submission', 'workflow_job'];
    const before = await Promise.all(tables.map(count));
    expect(await ensureDemoData(server.deps, logger)).toBe(true);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });
});
