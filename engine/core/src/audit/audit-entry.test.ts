import { type AuditEvent, GENESIS_HASH, type SealedAuditEntry, auditHash, canonicalJson, normaliseAuditEvent, verifyChainSegment } from './audit-entry';

const event = (overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  action: 'dossier.read',
  targetType: 'dossier',
  targetId: '6f1c2d3e-4b5a-4c6d-8e7f-901234567890',
  dossierId: '6f1c2d3e-4b5a-4c6d-8e7f-901234567890',
  actorAccountId: '11111111-2222-4333-8444-555555555555',
  actorProfile: 'educateur_specialise',
  establishmentId: '99999999-8888-4777-8666-555555555555',
  requestId: 'req-0001',
  purpose: null,
  ip: '127.0.0.1',
  outcome: 'success',
  detail: { fields: ['identity'] },
  ...overrides,
});

function chain(count: number): SealedAuditEntry[] {
  const entries: SealedAuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const body = { ...event({ requestId: `req-${i}` }), seq: String(i), occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), prevHash };
    const hash = auditHash(body);
    entries.push({ ...body, hash });
    prevHash = hash;
  }
  return entries;
}

describe('canonicalJson', () => {
  it('sorts keys at every level, whatever the insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('follows JSON.stringify for scalars, undefined, functions and toJSON', () => {
    expect(canonicalJson('é"\n')).toBe(JSON.stringify('é"\n'));
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(Number.NaN)).toBe('null');
    expect(canonicalJson({ a: undefined, b: () => 1, c: 2 })).toBe('{"c":2}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    const when = new Date('2025-03-04T05:06:07.089Z');
    expect(canonicalJson({ when })).toBe('{"when":"2025-03-04T05:06:07.089Z"}');
  });

  it('produces JSON that parses back to the same value', () => {
    const value = { z: [1, 'deux', { trois: true }], a: { nested: { deep: -0.5 } } };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});

describe('normaliseAuditEvent', () => {
  it('fills absent fields with null and lowers the case of UUIDs, as the database returns them', () => {
    const upper = '6F1C2D3E-4B5A-4C6D-8E7F-901234567890';
    const normalised = normaliseAuditEvent({ action: 'x', outcome: 'success', dossierId: upper } as AuditEvent);
    expect(normalised.dossierId).toBe(upper.toLowerCase());
    expect(normalised.targetId).toBeNull();
    expect(normalised.detail).toBeNull();
    expect(Object.keys(normalised)).toHaveLength(12);
  });

  it('refuses an event the audit table could not hold', () => {
    expect(() => normaliseAuditEvent(event({ dossierId: 'not-a-uuid' }))).toThrow(/dossierId must be a UUID/);
    expect(() => normaliseAuditEvent(event({ action: '' }))).toThrow(/action/);
    expect(() => normaliseAuditEvent(event({ outcome: 'maybe' as AuditEvent['outcome'] }))).toThrow(/outcome/);
  });
});

describe('auditHash', () => {
  it('changes when any recorded field or the previous hash changes', () => {
    const [entry] = chain(1);
    const { hash, ...body } = entry!;
    expect(auditHash(body)).toBe(hash);
    expect(auditHash({ ...body, action: 'dossier.update' })).not.toBe(hash);
    expect(auditHash({ ...body, detail: { fields: ['health'] } })).not.toBe(hash);
    expect(auditHash({ ...body, prevHash: 'f'.repeat(64) })).not.toBe(hash);
    expect(auditHash({ ...body, seq: '2' })).not.toBe(hash);
  });
});

describe('verifyChainSegment', () => {
  it('accepts an intact chain and returns where the next segment starts', () => {
    const entries = chain(5);
    const result = verifyChainSegment(entries, GENESIS_HASH, 1n);
    expect(result.problems).toEqual([]);
    expect(result.lastHash).toBe(entries[4]!.hash);
    expect(result.nextSeq).toBe(6n);
  });

  it('verifies a chain split into pages exactly like the whole', () => {
    const entries = chain(6);
    const first = verifyChainSegment(entries.slice(0, 3), GENESIS_HASH, 1n);
    const second = verifyChainSegment(entries.slice(3), first.lastHash, first.nextSeq);
    expect([...first.problems, ...second.problems]).toEqual([]);
    expect(second.nextSeq).toBe(7n);
  });

  it('reports an altered row at its seq, and only there', () => {
    const entries = chain(4);
    entries[1] = { ...entries[1]!, action: 'dossier.export' };
    expect(verifyChainSegment(entries, GENESIS_HASH, 1n).problems).toEqual([{ seq: '2', problem: 'altered', detail: expect.any(String) }]);
  });

  it('reports a deleted middle row as missing rows and a broken link', () => {
    const entries = chain(5);
    entries.splice(2, 1);
    const problems = verifyChainSegment(entries, GENESIS_HASH, 1n).problems;
    expect(problems.map((p) => [p.seq, p.problem])).toEqual([
      ['4', 'missing_rows'],
      ['4', 'broken_link'],
    ]);
    expect(problems[0]!.detail).toBe('row 3 is missing');
  });

  it('reports rows deleted at the start of the chain', () => {
    const entries = chain(5).slice(2);
    const problems = verifyChainSegment(entries, GENESIS_HASH, 1n).problems;
    expect(problems.map((p) => [p.seq, p.problem])).toEqual([
      ['3', 'missing_rows'],
      ['3', 'broken_link'],
    ]);
    expect(problems[0]!.detail).toBe('rows 1..2 are missing');
  });

  it('reports a row re-hashed after a change through the broken link of the next row', () => {
    const entries = chain(3);
    const { hash: _old, ...body } = { ...entries[0]!, purpose: 'forged' };
    entries[0] = { ...body, hash: auditHash(body) };
    expect(verifyChainSegment(entries, GENESIS_HASH, 1n).problems.map((p) => [p.seq, p.problem])).toEqual([['2', 'broken_link']]);
  });

  it('reports a duplicated seq as an unexpected row and goes on checking the genuine chain', () => {
    const entries = chain(4);
    const forged = { ...entries[1]!, requestId: 'forged' };
    entries.splice(2, 0, forged);
    const result = verifyChainSegment(entries, GENESIS_HASH, 1n);
    expect(result.problems.map((p) => [p.seq, p.problem])).toEqual([['2', 'unexpected_row']]);
    expect(result.nextSeq).toBe(5n);
  });

  it('reports nothing for an empty segment', () => {
    expect(verifyChainSegment([], GENESIS_HASH, 1n)).toEqual({ problems: [], lastHash: GENESIS_HASH, nextSeq: 1n });
  });
});
