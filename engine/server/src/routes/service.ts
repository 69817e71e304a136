import { databaseAnswers } from '@cordee/db';
import type { AppDeps } from '../deps';
import { route, type RouteSpec } from '../http/route';
import { buildOpenApi } from '../openapi';

export function serviceRoutes(deps: AppDeps, allRoutes: () => RouteSpec[]): RouteSpec[] {
  let openApi: unknown;
  return [
    route({
      method: 'get',
      path: '/api/health',
      summary: 'État du service (200 seulement si la base répond)',
      tags: ['Service'],
      access: 'public',
      response: 'api/health',
      handler: async ({ res }) => {
        const up = await databaseAnswers(deps.db);
        res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down', version: deps.version, demoMode: deps.demoMode });
      },
    }),
    route({
      method: 'get',
      path: '/api/openapi.json',
      summary: 'Le document OpenAPI 3.1 de l’API',
      tags: ['Service'],
      access: 'public',
      handler: async () => {
        openApi ??= buildOpenApi(allRoutes(), deps.version);
        return openApi;
      },
    }),
  ];
}
