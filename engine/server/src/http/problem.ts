import type { Response } from 'express';
import { AppError, isAppError } from '@cordee/core';
import { errorCatalog } from '@cordee/metadata';
import { translatePgError } from '@cordee/db';
import type { RequestContext } from './context';

/** Maps any error to the catalogue once, at the edge. Internal details are logged, never sent. */
export function toAppError(error: unknown): AppError {
  const translated = translatePgError(error);
  if (isAppError(translated)) return translated;
  const e = error as { type?: string; status?: number; expose?: boolean };
  if (e?.type === 'entity.parse.failed') return new AppError('MALFORMED_JSON');
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (e?.status === 400 && e.expose) return new AppError('BAD_REQUEST');
  return new AppError('INTERNAL', { cause: error });
}

export function sendProblem(res: Response, ctx: RequestContext | undefined, error: unknown): void {
  const appError = toAppError(error);
  if (appError.code === 'INTERNAL' || appError.code === 'DATABASE_UNAVAILABLE') {
    ctx?.log.error({ err: error }, 'request failed');
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  const body: Record<string, unknown> = {
    type: `https://cordee.fr/problems/${appError.code.toLowerCase().replace(/_/g, '-')}`,
    title: errorCatalog[appError.code].title,
    status: appError.status,
    code: appError.code,
    instance: res.req.originalUrl.split('?')[0],
  };
  if (appError.detail && appError.code !== 'INTERNAL') body.detail = appError.detail;
  if (appError.issues.length > 0) body.issues = appError.issues;
  if (appError.extensions) for (const [k, v] of Object.entries(appError.extensions)) if (!(k in body)) body[k] = v;
  if (ctx) body.requestId = ctx.requestId;
  res.status(appError.status).type('application/problem+json').send(JSON.stringify(body));
}
