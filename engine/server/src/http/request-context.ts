import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from '../deps';
import { authenticateToken } from '../auth/authenticate';
import { SESSION_COOKIE, readCookie } from '../auth/session-token';
import type { RequestContext } from './context';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Request id (kept from X-Request-Id when well-formed), structured access log, and the request context. */
export function requestLogging(deps: AppDeps) {
  return pinoHttp({
    logger: deps.logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: ['req.headers.cookie', 'req.headers.authorization'],
  });
}

/** Builds `res.locals.ctx`: who is calling (from the session cookie) and how to log and audit for them. */
export function requestContext(deps: AppDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const ctx: RequestContext = { requestId: String(req.id), ip: req.ip ?? null, log: req.log, user: null, sessionExpired: false };
    res.locals.ctx = ctx;
    if (!req.path.startsWith('/api/')) {
      next();
      return;
    }
    authenticateToken(deps, readCookie(req.headers.cookie, SESSION_COOKIE))
      .then((lookup) => {
        ctx.user = lookup.user;
        ctx.sessionExpired = lookup.user === null && lookup.expired;
        if (ctx.user) ctx.log = req.log.child({ accountId: ctx.user.accountId });
        next();
      })
      .catch(next);
  };
}
