import type { AppDeps } from '../deps';
import type { RouteSpec } from '../http/route';
import { authRoutes } from './auth';
import { serviceRoutes } from './service';

/** Every HTTP route of the server: one table, read by the router and the OpenAPI generator alike. */
export function allRoutes(deps: AppDeps): RouteSpec[] {
  const routes: RouteSpec[] = [...serviceRoutes(deps, () => routes), ...authRoutes(deps)];
  return routes;
}
