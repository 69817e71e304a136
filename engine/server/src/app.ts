import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { AppError } from '@cordee/core';
import type { AppDeps } from './deps';
import type { RequestContext } from './http/context';
import { sendProblem } from './http/problem';
import { registerRoutes } from './http/register-routes';
import { requestContext, requestLogging } from './http/request-context';
import type { RouteSpec } from './http/route';
import { serveRuntimeUi } from './http/static-ui';
import { allRoutes } from './routes';

/** The express application: security headers, logging, session, JSON body, routes, the runtime UI, problem+json errors. */
export function createApp(deps: AppDeps, routes: RouteSpec[] = allRoutes(deps)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy ?? false);
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        // without HTTPS (a LAN address), upgrading the requests of the page would break its assets
        directives: { 'img-src': ["'self'", 'data:'], 'frame-ancestors': ["'none'"], 'upgrade-insecure-requests': deps.config.cookieSecure ? [] : null },
      },
      strictTransportSecurity: deps.config.cookieSecure,
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    // fictional data and published passwords: every response says so
    if (deps.demoMode) res.setHeader('X-Cordee-Demo', 'true');
    next();
  });
  app.use(requestLogging(deps));
  app.use(requestContext(deps));
  app.use(express.json({ limit: deps.config.bodyLimitBytes, strict: true, type: ['application/json', 'application/*+json'] }));
  registerRoutes(app, deps, routes);
  app.use('/api', () => {
    throw new AppError('ROUTE_NOT_FOUND');
  });
  serveRuntimeUi(app);
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    sendProblem(res, res.locals.ctx as RequestContext | undefined, error);
  });
  return app;
}
