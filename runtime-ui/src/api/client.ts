import type { Issue } from './types';

/** An RFC 9457 problem answered by the server, with its stable code and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}

type Listener = () => void;
const expiryListeners = new Set<Listener>();

/** Called when a request comes back 401 while signed in: the session ended (idle, revoked, expired). */
export function onSessionExpired(listener: Listener): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

async function problemOf(response: Response): Promise<ApiError> {
  let body: { code?: string; title?: string; detail?: string; issues?: Issue[] } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not a problem document (proxy, network): the status says enough
  }
  const message = body.detail ?? body.title ?? `Erreur ${response.status}`;
  return new ApiError(response.status, body.code ?? 'UNKNOWN', message, body.issues ?? [], body.detail ?? null);
}

/** JSON over HTTP with the session cookie; problems become ApiError, a lost session notifies the listeners. */
export async function api<T>(method: string, path: string, body?: unknown, options: { quietAuth?: boolean } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Le serveur ne répond pas. Vérifiez la connexion puis réessayez.');
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && !options.quietAuth) expiryListeners.forEach((l) => l());
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string, options?: { quietAuth?: boolean }) => api<T>('GET', path, undefined, options);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
