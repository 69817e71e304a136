import type { ProfileDefinition } from './ability';
import { abilityWithOrigins, explainDecisions, explainFieldRules } from './explain';

const profiles = new Map<string, ProfileDefinition>([
  [
    'educ',
    {
      key: 'educ',
      label: 'Éducateur',
      rules: [
        { action: 'read', subject: 'Dossier', fields: ['identity'], conditions: { unitId: { $ctx: 'unitId' } } },
        { action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' }, unitId: { $ctx: 'unitId' } } },
        { action: 'read', subject: 'Dossier', conditions: { status: 'archived' }, inverted: true, reason: 'Dossier archivé' },
      ],
    },
  ],
]);

function build() {
  return abilityWithOrigins(profiles, {
    accountId: 'a',
    ownDossierIds: [],
    careTeamDossierIds: [],
    breakGlassDossierIds: [],
    assignments: [{ profileKey: 'educ', organismeId: 'o', establishmentId: 'e1', unitId: 'u1' }],
  });
}

describe('explain', () => {
  it('names the rule that grants, the inverted rule that refuses, and nothing when no rule applies', () => {
    const { ability, origins } = build();
    const [granted, archived, elsewhere] = [
      { subject: 'Dossier', record: { id: 'd1', establishmentId: 'e1', unitId: 'u1', status: 'admitted' } },
      { subject: 'Dossier', record: { id: 'd2', establishmentId: 'e1', unitId: 'u1', status: 'archived' } },
      { subject: 'Dossier', record: { id: 'd3', establishmentId: 'e2', unitId: 'u7', status: 'admitted' } },
    ];
    const decisions = explainDecisions(ability, origins, [granted!, archived!, elsewhere!], ['read', 'update']);
    expect(decisions).toHaveLength(6);
    expect(decisions[0]).toMatchObject({ action: 'read', allowed: true, decidedBy: { profileKey: 'educ', establishmentId: 'e1', unitId: 'u1', ruleIndex: 1, fields: null, conditions: { establishmentId: 'e1', unitId: 'u1' } } });
    expect(decisions[1]).toEqual({ subject: 'Dossier', action: 'update', allowed: false, decidedBy: null });
    expect(decisions[2]).toMatchObject({ action: 'read', allowed: false, decidedBy: { ruleIndex: 2, inverted: true, reason: 'Dossier archivé', conditions: { status: 'archived' } } });
    expect(decisions[4]).toEqual({ subject: 'Dossier', action: 'read', allowed: false, decidedBy: null });
  });

  it('lists field-level rules once with whether they apply to the record', () => {
    const { ability, origins } = build();
    const fields = explainFieldRules(ability, origins, [{ subject: 'Dossier', record: { unitId: 'u2' } }], ['read', 'update']);
    expect(fields).toEqual([
      { subject: 'Dossier', matches: false, rule: expect.objectContaining({ ruleIndex: 0, fields: ['identity'], conditions: { unitId: 'u1' } }) },
    ]);
  });
});
