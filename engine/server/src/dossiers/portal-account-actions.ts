import type { DossierAccessRecord } from '@cordee/db';
import type { DossierSynthesis } from '@cordee/metadata/generated/api/dossier-synthesis';
import { canOn } from '../http/authorize';
import type { RequestContext } from '../http/context';

/** What the rules on `PortalAccount` may test: the dossier the account opens onto. */
export const portalAccountSubject = (d: DossierAccessRecord) => ({ dossierId: d.id, establishmentId: d.establishmentId, unitId: d.unitId });

/**
 * What the user may do with the portal accounts of a dossier, for the dossier page to offer only
 * that (the routes check again): list them, open one (not on an archived dossier), revoke one.
 */
export function portalAccountActions(ctx: RequestContext, d: DossierAccessRecord): DossierSynthesis['actions']['portalAccounts'] {
  const subject = portalAccountSubject(d);
  return {
    list: canOn(ctx, 'read', 'PortalAccount', subject),
    open: d.status !== 'archived' && canOn(ctx, 'create', 'PortalAccount', subject),
    revoke: canOn(ctx, 'revoke', 'PortalAccount', subject),
  };
}
