/**
 * Parity: for random rules and rows, the rows the SQL filter returns are exactly the rows the
 * in-memory CASL check allows.
 */
import { createMongoAbility, subject } from '@casl/ability';
import { type AppAbility, type UserContext, abilityFor } from '@cordee/core';
import { applyAccessFilter, accessFilter, dossierColumns, insertDossier } from '@cordee/db';
import { packProfiles } from '@cordee/seeds';
import { createOrganisation } from '../helpers/fixtures';
import { type TestServer, startTestServer } from '../helpers/test-server';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('rules -> SQL parity', () => {
  let server: TestServer;
  let rows: Array<{ id: string; establishmentId: string; unitId: string | null; status: string }>;
  let values: { establishmentId: string[]; unitId: Array<string | null>; status: string[]; id: string[] };

  beforeAll(async () => {
    server = await startTestServer();
    const org = await createOrganisation(server.db, 'Parité', 3);
    const statuses = ['applicant', 'waiting', 'admitted', 'discharged', 'archived'];
    const random = prng(7);
    rows = [];
    for (let i = 0; i < 120; i++) {
      const establishment = org.establishments[Math.floor(random() * 3)]!;
      const unitId = random() < 0.25 ? null : establishment.unitIds[Math.floor(random() * 2)]!;
      const status = statuses[Math.floor(random() * statuses.length)]!;
      const { id } = await insertDossier(server.db, {
        identity: { birthName: `NOM${i}`, firstNames: 'Prénom', birthDate: '2012-03-04', birthPlaceCode: '75056', sex: 'F' },
        establishmentId: establishment.id,
        unitId,
        status: status as never,
      });
      rows.push({ id, establishmentId: establishment.id, unitId, status });
    }
    values = {
      establishmentId: [...org.establishments.map((e) => e.id), '00000000-0000-4000-8000-000000000000'],
      unitId: [...org.establishments.flatMap((e) => e.unitIds), null],
      status: statuses,
      id: rows.slice(0, 10).map((r) => r.id),
    };
  });
  afterAll(() => server.close());

  function randomCondition(random: () => number): Record<string, unknown> | undefined {
    if (random() < 0.15) return undefined;
    const fields = Object.keys(values) as Array<keyof typeof values>;
    const condition: Record<string, unknown> = {};
    const count = 1 + Math.floor(random() * 2);
    for (let i = 0; i < count; i++) {
      const field = fields[Math.floor(random() * fields.length)]!;
      const pool = values[field] as Array<string | null>;
      const pick = () => pool[Math.floor(random() * pool.length)]!;
      const some = () => Array.from({ length: Math.floor(random() * 3) }, pick);
      const op = Math.floor(random() * 7);
      if (op === 6) {
        // ranges on text compare the same in PostgreSQL (C collation) and in JavaScript
        condition.status = { [random() < 0.5 ? '$gt' : '$lte']: values.status[Math.floor(random() * values.status.length)] };
        continue;
      }
      condition[field] = [pick(), { $ne: pick() }, { $in: some() }, { $nin: some() }, { $eq: pick() }, null][op];
    }
    return condition;
  }

  it('agrees with the in-memory check on 500 random rule sets', async () => {
    const random = prng(2026);
    for (let round = 0; round < 500; round++) {
      const rules = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const conditions = randomCondition(random);
        return { action: 'read', subject: 'Dossier', ...(conditions ? { conditions } : {}), ...(random() < 0.3 ? { inverted: true } : {}) };
      });
      const ability = createMongoAbility(rules as never);
      const expected = rows
        .filter((r) => ability.can('read', subject('Dossier', { ...r })))
        .map((r) => r.id)
        .sort();
      const query = server.db('dossier as d').select('d.id');
      const filter = accessFilter(ability, 'read', 'Dossier', dossierColumns);
      const actual = applyAccessFilter(query, filter) ? (await query).map((r: { id: string }) => r.id).sort() : [];
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        const diff = rows.filter((r) => actual.includes(r.id) !== expected.includes(r.id)).slice(0, 3);
        throw new Error(`mismatch for rules ${JSON.stringify(rules)}: sql ${actual.length} rows, memory ${expected.length} rows\n${query.toString()}\n${JSON.stringify(diff)}`);
      }
      expect(actual).toEqual(expected);
    }
  });

  it('agrees field by field: the rows where a field is granted are those where CASL grants that field (rules with `fields`, denials included)', async () => {
    const random = prng(6006);
    const FIELDS = ['category:health', 'category:identity', 'category:psychology_notes'];
    let granted = 0;
    for (let round = 0; round < 300; round++) {
      const rules = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const conditions = randomCondition(random);
        const fields = random() < 0.25 ? undefined : FIELDS.filter(() => random() < 0.5);
        return {
          action: 'read',
          subject: 'Dossier',
          ...(conditions ? { conditions } : {}),
          ...(fields && fields.length > 0 ? { fields } : {}),
          ...(random() < 0.3 ? { inverted: true } : {}),
        };
      });
      const ability = createMongoAbility(rules as never);
      for (const field of FIELDS) {
        const expected = rows
          .filter((r) => ability.can('read', subject('Dossier', { ...r }), field))
          .map((r) => r.id)
          .sort();
        const query = server.db('dossier as d').select('d.id');
        const actual = applyAccessFilter(query, accessFilter(ability, 'read', 'Dossier', dossierColumns, field)) ? (await query).map((r: { id: string }) => r.id).sort() : [];
        if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`mismatch on ${field} for rules ${JSON.stringify(rules)}: sql ${actual.length}, memory ${expected.length}\n${query.toString()}`);
        granted += expected.length;
      }
    }
    expect(granted).toBeGreaterThan(1000);
  });

  /** Rows the SQL filter returns vs rows the in-memory check allows, for one ability and action. */
  async function compare(ability: AppAbility, action: string, label: string): Promise<number> {
    const expected = rows
      .filter((r) => ability.can(action, subject('Dossier', { ...r })))
      .map((r) => r.id)
      .sort();
    const query = server.db('dossier as d').select('d.id');
    const actual = applyAccessFilter(query, accessFilter(ability, action, 'Dossier', dossierColumns)) ? (await query).map((r: { id: string }) => r.id).sort() : [];
    if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`mismatch for ${label}: sql ${actual.length} rows, memory ${expected.length} rows\n${query.toString()}`);
    expect(actual).toEqual(expected);
    return actual.length;
  }

  it('agrees on random rules whose `$in` lists come from placeholders (care team, break-glass), empty lists included', async () => {
    const random = prng(515);
    let someRows = 0;
    const subset = (max: number) => rows.filter(() => random() < max / rows.length).map((r) => r.id);
    for (let round = 0; round < 200; round++) {
      const careTeam = random() < 0.2 ? [] : subset(12);
      const breakGlass = random() < 0.4 ? [] : subset(3);
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
      const rules = [
        { action: 'read', subject: 'Dossier', conditions: { establishmentId: pick(values.establishmentId), id: { $in: careTeam } } },
        ...(random() < 0.5 ? [{ action: 'read', subject: 'Dossier', conditions: { status: pick(values.status) }, inverted: true }] : []),
        { action: 'read', subject: 'Dossier', conditions: { id: { $in: breakGlass } }, reason: 'break_glass' },
        ...(random() < 0.3 ? [{ action: 'read', subject: 'Dossier', conditions: { id: { $nin: careTeam }, unitId: pick(values.unitId) }, inverted: true }] : []),
      ];
      if ((await compare(createMongoAbility(rules as never), 'read', JSON.stringify(rules))) > 0) someRows += 1;
    }
    expect(someRows).toBeGreaterThan(100); // the lists open rows, not only empty answers
  });

  it('agrees on the pack profiles themselves, for random assignments, care teams and break-glass grants', async () => {
    const profiles = new Map(packProfiles().map((p) => [p.key, p]));
    const keys = [...profiles.keys()];
    const random = prng(99);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const ids = () => rows.filter(() => random() < 0.08).map((r) => r.id);
    const seen = new Map<string, number>();
    for (let round = 0; round < 150; round++) {
      const context: UserContext = {
        accountId: '00000000-0000-4000-8000-000000000001',
        assignments: Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({ profileKey: pick(keys), organismeId: null, establishmentId: pick(values.establishmentId), unitId: pick(values.unitId) })),
        ownDossierIds: random() < 0.5 ? [] : ids(),
        careTeamDossierIds: random() < 0.3 ? [] : ids(),
        breakGlassDossierIds: random() < 0.5 ? [] : ids(),
      };
      const ability = abilityFor(profiles, context);
      for (const action of ['read', 'update', 'break_glass']) {
        if ((await compare(ability, action, `${action} ${JSON.stringify(context)}`)) > 0) seen.set(action, (seen.get(action) ?? 0) + 1);
      }
    }
    expect(Math.min(...['read', 'update', 'break_glass'].map((a) => seen.get(a) ?? 0))).toBeGreaterThan(10);
  });

  it('treats `$in: []` as false and an unconditional rule as everything', () => {
    const none = accessFilter(createMongoAbility([]), 'read', 'Dossier', dossierColumns);
    expect(none.kind).toBe('nothing');
    const all = accessFilter(createMongoAbility([{ action: 'read', subject: 'Dossier' }]), 'read', 'Dossier', dossierColumns);
    expect(all.kind).toBe('everything');
    const emptyIn = server.db('dossier as d').select('d.id');
    applyAccessFilter(emptyIn, accessFilter(createMongoAbility([{ action: 'read', subject: 'Dossier', conditions: { id: { $in: [] } } }] as never), 'read', 'Dossier', dossierColumns));
    expect(emptyIn.toString()).toMatch(/false/);
  });

  it('refuses a condition on a field outside the allow-list, and operators CASL does not match in memory', () => {
    const byName = createMongoAbility([{ action: 'read', subject: 'Dossier', conditions: { birthName: 'X' } }] as never);
    expect(() => accessFilter(byName, 'read', 'Dossier', dossierColumns)).toThrow(/cannot be used/);
    const proto = createMongoAbility([{ action: 'read', subject: 'Dossier', conditions: { constructor: 'X' } }] as never);
    expect(() => accessFilter(proto, 'read', 'Dossier', dossierColumns)).toThrow(/cannot be used/);
    const regex = createMongoAbility([{ action: 'read', subject: 'Dossier', conditions: { status: { $regex: '^a' } } }] as never);
    expect(() => accessFilter(regex, 'read', 'Dossier', dossierColumns)).toThrow(/operator/);
  });
});
