import type { Express, NextFunction, Request, Response } from 'express';
import { AppError } from '@cordee/core';
import type { AppDeps } from '../deps';
import { assertPasswordChosen } from '../auth/password-change-gate';
import type { RequestContext } from './context';
import type { RouteSpec } from './route';
import { validateAgainst } from './schema-validation';

/** Mounts each route behind the same steps: access check (and a pending password change), input validation, handler, JSON reply. */
export function registerRoutes(app: Express, deps: AppDeps, routes: RouteSpec[]): void {
  for (const spec of routes) {
    app[spec.method](spec.path, (req: Request, res: Response, next: NextFunction) => {
      handle(deps, spec, req, res).catch(next);
    });
  }
}

async function handle(deps: AppDeps, spec: RouteSpec, req: Request, res: Response): Promise<void> {
  const ctx = res.locals.ctx as RequestContext;
  await checkAccess(deps, spec, ctx);
  if (spec.body && req.body === undefined && req.headers['content-length'] !== undefined && !req.is('application/json')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
  const body = spec.body ? validateAgainst(spec.body, req.body ?? {}) : undefined;
  const query = spec.query ? validateAgainst(spec.query, { ...(req.query as Record<string, unknown>) }, 'query') : (req.query as unknown);
  const result = await spec.handler({ ctx, body, query, params: req.params as Record<string, string>, req, res });
  if (res.headersSent) return;
  const status = spec.successStatus ?? 200;
  if (status === 204 || result === undefined) {
    res.status(status === 200 ? 204 : status).end();
    return;
  }
  res.status(status).json(result);
}

async function checkAccess(deps: AppDeps, spec: RouteSpec, ctx: RequestContext): Promise<void> {
  if (spec.access === 'public') return;
  if (!ctx.user) throw new AppError(ctx.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
  // before the rules: an account with a handed-over password gets the same answer whatever it calls
  await assertPasswordChosen(deps, spec, ctx);
  if (spec.access === 'authenticated') return;
  if (!ctx.user.ability.can(spec.access.action, spec.access.subject)) throw new AppError('FORBIDDEN');
}

