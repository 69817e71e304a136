/** Sends raw bytes (file uploads) with the session of a user: the JSON test client only sends JSON. */
export interface RawSession {
  post(path: string, body: Uint8Array, contentType: string | null): Promise<{ status: number; body: any }>;
  get(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer; body: any }>;
}

export async function rawSession(baseUrl: string, login: string, password: string): Promise<RawSession> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (response.status !== 200) throw new Error(`login of ${login} failed: ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const parse = (text: string, type: string | null) => ((type ?? '').includes('json') && text ? JSON.parse(text) : text);
  return {
    post: async (path, body, contentType) => {
      const r = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { cookie, ...(contentType ? { 'content-type': contentType } : {}) }, body: new Blob([new Uint8Array(body)]) });
      return { status: r.status, body: parse(await r.text(), r.headers.get('content-type')) };
    },
    get: async (path) => {
      const r = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
      const bytes = Buffer.from(await r.arrayBuffer());
      return { status: r.status, headers: r.headers, bytes, body: parse(bytes.toString('utf8'), r.headers.get('content-type')) };
    },
  };
}
