import { subject } from '@casl/ability';
import { type ProfileDefinition, abilityFor, rulesForUser } from './ability';

const profiles = new Map<string, ProfileDefinition>([
  ['educ', { key: 'educ', label: 'Éducateur', rules: [{ action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' }, unitId: { $ctx: 'unitId' } } }] }],
  ['usager', { key: 'usager', label: 'Usager', rules: [{ action: 'read', subject: 'Dossier', conditions: { id: { $in: { $ctx: 'ownDossierIds' } } } }] }],
]);

describe('profile rules with structural placeholders', () => {
  it('resolves placeholders per assignment, never across them', () => {
    const ability = abilityFor(profiles, {
      accountId: 'a1',
      ownDossierIds: [],
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
    const ability = abilityFor(profiles, { accountId: 'a2', ownDossierIds: [], assignments: [{ profileKey: 'usager', organismeId: null, establishmentId: null, unitId: null }] });
    expect(ability.can('read', subject('Dossier', { id: 'd1' }))).toBe(false);
    const own = abilityFor(profiles, { accountId: 'a2', ownDossierIds: ['d1'], assignments: [{ profileKey: 'usager', organismeId: null, establishmentId: null, unitId: null }] });
    expect(own.can('read', subject('Dossier', { id: 'd1' }))).toBe(true);
    expect(own.can('read', subject('Dossier', { id: 'd2' }))).toBe(false);
  });

  it('ignores assignments of unknown profiles and refuses unknown placeholders', () => {
    expect(rulesForUser(profiles, { accountId: 'a', ownDossierIds: [], assignments: [{ profileKey: 'ghost', organismeId: null, establishmentId: null, unitId: null }] })).toEqual([]);
    const bad = new Map([['x', { key: 'x', label: 'x', rules: [{ action: 'read', subject: 'Dossier', conditions: { id: { $ctx: 'password' } } }] }]]) as Map<string, ProfileDefinition>;
    expect(() => rulesForUser(bad, { accountId: 'a', ownDossierIds: [], assignments: [{ profileKey: 'x', organismeId: null, establishmentId: null, unitId: null }] })).toThrow(/unknown placeholder/);
  });
});
