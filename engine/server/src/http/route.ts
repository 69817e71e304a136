import type { Request, Response } from 'express';
import type { SchemaId } from '@cordee/metadata';
import type { RequestContext } from './context';

/**
 * Who may call a route before its handler runs:
 * - `public`: anyone (health, OpenAPI, login);
 * - `authenticated`: any signed-in user (their own session and profile);
 * - `{ action, subject }`: a signed-in user whose rules allow the action on some record of the
 *   subject; the handler then checks the records themselves (and filters lists in SQL).
 */
export type Access = 'public' | 'authenticated' | { action: string; subject: string };

export interface HandlerInput<Body, Query> {
  ctx: RequestContext;
  body: Body;
  query: Query;
  params: Record<string, string>;
  req: Request;
  res: Response;
}

export interface RouteSpec<Body = unknown, Query = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path, e.g. `/api/dossiers/:id`. */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  /**
   * Callable while the signed-in account must still replace the initial password it was handed
   * (who am I, the change itself, logout); every other non-public route then answers 403
   * PASSWORD_CHANGE_REQUIRED (see auth/password-change-gate.ts).
   */
  beforePasswordChange?: true;
  body?: SchemaId;
  query?: SchemaId;
  response?: SchemaId;
  /** 200 unless said otherwise; 204 sends no body. */
  successStatus?: number;
  /** Non-JSON responses (PDF, files) name their media type for the OpenAPI document. */
  produces?: string;
  handler(input: HandlerInput<Body, Query>): Promise<unknown>;
}

/** Identity function that keeps the body and query types of a route. */
export function route<Body = unknown, Query = unknown>(spec: RouteSpec<Body, Query>): RouteSpec {
  return spec as unknown as RouteSpec;
}
