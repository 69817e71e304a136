import { diffProfileRules } from './profile-diff';

const scope = { establishmentId: { $ctx: 'establishmentId' } };

describe('what a profile gains and loses between two versions', () => {
  it('compares per action × subject × conditions × field', () => {
    const before = [{ action: ['read', 'update'], subject: 'Submission', fields: ['category:health', 'category:identity'], conditions: scope }];
    const after = [
      { action: 'read', subject: 'Submission', fields: ['category:health', 'category:identity', 'category:treatment'], conditions: scope },
      { action: 'update', subject: 'Submission', fields: ['category:identity'], conditions: scope },
    ];
    const atom = (action: string, field: string) => ({ action, subject: 'Submission', conditions: scope, field, inverted: false });
    expect(diffProfileRules(before, after)).toEqual({ gained: [atom('read', 'category:treatment')], lost: [atom('update', 'category:health')] });
  });

  it('counts an added denial as a loss, a removed one as a gain, and changed conditions as both', () => {
    const deny = { action: 'read', subject: 'Dossier', conditions: { status: 'applicant' }, inverted: true };
    expect(diffProfileRules([], [deny]).lost).toEqual([{ action: 'read', subject: 'Dossier', conditions: { status: 'applicant' }, field: null, inverted: true }]);
    expect(diffProfileRules([deny], []).gained).toHaveLength(1);
    const changed = diffProfileRules([{ action: 'read', subject: 'Dossier', conditions: { unitId: 'u1' } }], [{ action: 'read', subject: 'Dossier', conditions: { unitId: 'u2' } }]);
    expect([changed.gained.length, changed.lost.length]).toEqual([1, 1]);
    expect(diffProfileRules([deny], [{ ...deny }])).toEqual({ gained: [], lost: [] });
  });
});
