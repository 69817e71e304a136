import { schemaRegistry } from '@cordee/metadata';
import { careTeamRoleLabels, careTeamRoles } from './care-team-roles';
import { identityDocumentTypeKeys } from './identity-documents';
import { identityStatuses } from './identity-status';
import { legalBasisLabels, legalBases } from './legal-basis';

/** The API schemas enumerate the same codes as the domain lists: neither can drift from the other. */
describe('code lists and their API schemas', () => {
  const schema = (id: string) => schemaRegistry().get(id as never) as any;

  it('legal bases', () => {
    expect(schema('api/placement-create-request').$defs.legalBasis.enum).toEqual(legalBases);
    expect(legalBasisLabels.assistance_educative).toMatch(/art\. 375 C\. civ\./);
  });

  it('care team roles, each with a French label', () => {
    expect(schema('api/care-team-create-request').properties.role.enum).toEqual(careTeamRoles);
    for (const role of careTeamRoles) expect(careTeamRoleLabels[role].length).toBeGreaterThan(3);
  });

  it('identity documents and identity statuses', () => {
    expect(schema('api/identity-status-request').properties.documentType.enum).toEqual(identityDocumentTypeKeys);
    expect(schema('api/identity-status-request').properties.status.enum).toEqual([...identityStatuses]);
    expect(schema('api/dossier').properties.identityStatus.enum).toEqual([...identityStatuses]);
  });
});
