import { subject } from '@casl/ability';
import { BREAK_GLASS_REASON, type ProfileDefinition, abilityFor, rulesForUser, rulesWithOrigins } from './ability';

const profiles = new Map<string, ProfileDefinition>([
  ['educ', { key: 'educ', label: 'Éducateur', rules: [{ action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' }, unitId: { $ctx: 'unitId' } } }] }],
  ['usager', { key: 'usager', label: 'Usager', rules: [{ action: 'read', subject: 'Dossier', conditions: { id: { $in: { $ctx: 'ownDossierIds' } } } }] }],
]);

describe('profile rules with structural placeholders', () => {
  it('resolves placeholders per assignment, never across them', () => {
    const ability = abilityFor(profiles, {
      accountId: 'a1',
      ownDossierIds: [],
      careTeamDossierIds: [],
      breakGlassDossierIds: [],
      assignments: [
        { profileKey: 'educ', organismeId: 'o', establishmentId: 'e1', unitId: 'u1' },
        { profileKey: 'educ', organismeId: 'o', establishmentId: 'e2', unitId: 'u9' },
      ],
    });
    expect(ability.can('read', subject('Dossier', { establishmentId: 'e1', unitId: 'u1' }))).toBe(true);
    expect(ability.can('read', subject('Dossier', { establishmentId: 'e2', unitId: 'u9' }))).toBe(true);
    expect(ability.can('read', subject('Dossier', { establishmentId: 'e1', unitId: 'u9' }))).toBe(false);
    expect(ability.can('update', subject('Dossier', { establishmentId: 'e1', unitId: 'u1' }))).toBe(false);
  });

  it('gives an empty list (nothing) when the user owns no dossier', () => {
    const ability = abilityFor(profiles, { accountId: 'a2', ownDossierIds: [], careTeamDossierIds: [], breakGlassDossierIds: [], assignments: [{ profileKey: 'usager', organismeId: null, establishmentId: null, unitId: null }] });
    expect(ability.can('read', subject('Dossier', { id: 'd1' }))).toBe(false);
    const own = abilityFor(profiles, { accountId: 'a2', ownDossierIds: ['d1'], careTeamDossierIds: [], breakGlassDossierIds: [], assignments: [{ profileKey: 'usager', organismeId: null, establishmentId: null, unitId: null }] });
    expect(own.can('read', subject('Dossier', { id: 'd1' }))).toBe(true);
    expect(own.can('read', subject('Dossier', { id: 'd2' }))).toBe(false);
  });

  it('ignores assignments of unknown profiles and refuses unknown placeholders', () => {
    expect(rulesForUser(profiles, { accountId: 'a', ownDossierIds: [], careTeamDossierIds: [], breakGlassDossierIds: [], assignments: [{ profileKey: 'ghost', organismeId: null, establishmentId: null, unitId: null }] })).toEqual([]);
    const bad = new Map([['x', { key: 'x', label: 'x', rules: [{ action: 'read', subject: 'Dossier', conditions: { id: { $ctx: 'password' } } }] }]]) as Map<string, ProfileDefinition>;
    expect(() => rulesForUser(bad, { accountId: 'a', ownDossierIds: [], careTeamDossierIds: [], breakGlassDossierIds: [], assignments: [{ profileKey: 'x', organismeId: null, establishmentId: null, unitId: null }] })).toThrow(/unknown placeholder/);
  });

  it('resolves care team and break-glass lists, marks break-glass rules, and says where each rule comes from', () => {
    const nurse = new Map<string, ProfileDefinition>([
      [
        'ide',
        {
          key: 'ide',
          label: 'Infirmier',
          rules: [
            { action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' }, id: { $in: { $ctx: 'careTeamDossierIds' } } } },
            { action: 'read', subject: 'Dossier', conditions: { id: { $in: { $ctx: 'breakGlassDossierIds' } } }, reason: 'ignored' },
          ],
        },
      ],
    ]);
    const user = { accountId: 'n', ownDossierIds: [], careTeamDossierIds: ['d1'], breakGlassDossierIds: ['d9'], assignments: [{ profileKey: 'ide', organismeId: 'o', establishmentId: 'e1', unitId: null }] };
    const resolved = rulesWithOrigins(nurse, user);
    expect(resolved.map((r) => r.rule)).toEqual([
      { action: 'read', subject: 'Dossier', conditions: { establishmentId: 'e1', id: { $in: ['d1'] } } },
      { action: 'read', subject: 'Dossier', conditions: { id: { $in: ['d9'] } }, reason: BREAK_GLASS_REASON },
    ]);
    expect(resolved.map((r) => r.origin)).toEqual([
      { profileKey: 'ide', establishmentId: 'e1', unitId: null, ruleIndex: 0 },
      { profileKey: 'ide', establishmentId: 'e1', unitId: null, ruleIndex: 1 },
    ]);
    const ability = abilityFor(nurse, user);
    expect(ability.can('read', subject('Dossier', { id: 'd1', establishmentId: 'e1' }))).toBe(true);
    expect(ability.can('read', subject('Dossier', { id: 'd1', establishmentId: 'e2' }))).toBe(false);
    expect(ability.can('read', subject('Dossier', { id: 'd9', establishmentId: 'e2' }))).toBe(true);
    expect(ability.can('read', subject('Dossier', { id: 'd2', establishmentId: 'e1' }))).toBe(false);
  });
});
