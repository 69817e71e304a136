import type { AppDeps } from '../deps';
import type { RouteSpec } from '../http/route';
import { accountRoutes } from './accounts';
import { archiveRoutes } from './archive';
import { documentRoutes } from './documents';
import { exportRoutes } from './exports';
import { reportingRoutes } from './reporting';
import { attachmentRoutes } from './attachments';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { breakGlassRoutes } from './break-glass';
import { dossierRoutes } from './dossiers';
import { dossierOverviewRoutes } from './dossier-overview';
import { explainRoutes } from './explain';
import { formFeedRoutes } from './form-feed';
import { agendaRoutes } from './agenda';
import { documentTemplateRoutes } from './document-templates';
import { messageRoutes } from './messages';
import { metadataRoutes } from './metadata';
import { notificationRoutes } from './notifications';
import { organisationRoutes } from './organisation';
import { serviceRoutes } from './service';
import { submissionRoutes } from './submissions';
import { submissionReadRoutes } from './submission-reads';
import { workflowRoutes } from './workflows';
import { portalAccountRoutes } from './portal-accounts';
import { unitPlacesRoutes } from './unit-places';

/** Every HTTP route of the server: one table, read by the router and the OpenAPI generator alike. */
export function allRoutes(deps: AppDeps): RouteSpec[] {
  const routes: RouteSpec[] = [...serviceRoutes(deps, () => routes), ...authRoutes(deps), ...auditRoutes(deps), ...dossierRoutes(deps), ...dossierOverviewRoutes(deps), ...organisationRoutes(deps), ...unitPlacesRoutes(deps), ...portalAccountRoutes(deps), ...accountRoutes(deps), ...breakGlassRoutes(deps), ...notificationRoutes(deps), ...messageRoutes(deps), ...explainRoutes(deps), ...metadataRoutes(deps), ...submissionRoutes(deps), ...submissionReadRoutes(deps), ...formFeedRoutes(deps), ...agendaRoutes(deps), ...documentTemplateRoutes(deps), ...attachmentRoutes(deps), ...documentRoutes(deps), ...exportRoutes(deps), ...archiveRoutes(deps), ...reportingRoutes(deps), ...workflowRoutes(deps)];
  return routes;
}
