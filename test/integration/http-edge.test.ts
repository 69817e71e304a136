/** What every request meets before any handler: authentication, body parsing, errors, headers. */
import { allRoutes } from '@cordee/server/src/routes';
import { createUser } from '../helpers/fixtures';
import { type TestServer, startTestServer } from '../helpers/test-server';

const PUBLIC_ROUTES = new Set(['GET /api/health', 'GET /api/openapi.json', 'POST /api/auth/login']);

describe('HTTP edge', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { bodyLimitBytes: 2048 } });
  });
  afterAll(() => server.close());

  it('refuses every non-public route without a session (401 problem+json), whatever the route', async () => {
    const routes = allRoutes(server.deps);
    expect(routes.length).toBeGreaterThan(5);
    for (const spec of routes) {
      const key = `${spec.method.toUpperCase()} ${spec.path}`;
      if (PUBLIC_ROUTES.has(key)) {
        expect(spec.access).toBe('public');
        continue;
      }
      expect(spec.access).not.toBe('public');
      const path = spec.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await server.client().request(spec.method.toUpperCase(), path, spec.method === 'get' ? undefined : {});
      expect({ key, status: res.status, code: res.body?.code }).toEqual({ key, status: 401, code: 'UNAUTHENTICATED' });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('answers health with the database state', async () => {
    const res = await server.client().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
    expect(typeof res.body.version).toBe('string');
  });

  it('turns malformed JSON into 400, oversized bodies into 413, and unknown fields into 422 naming them', async () => {
    const client = server.client();
    const malformed = await client.request('POST', '/api/auth/login', '{"login": "a",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const big = await client.request('POST', '/api/auth/login', JSON.stringify({ login: 'a', password: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const unknown = await client.post('/api/auth/login', { login: 'a', password: 'b', admin: true, role: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/admin', '/role']);
    const missing = await client.post('/api/auth/login', { login: 'a' });
    expect(missing.status).toBe(422);
    expect(missing.body.issues).toEqual([expect.objectContaining({ path: '/password', message: 'Ce champ est obligatoire.' })]);
    const wrongType = await client.post('/api/auth/login', { login: 12, password: 'b' });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.issues[0].path).toBe('/login');
    expect(wrongType.body.issues[0].message).toMatch(/doit être/); // French message from ajv-i18n
  });

  it('never leaks stack traces or SQL, and answers unknown API paths with a problem', async () => {
    const res = await server.client().get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
    for (const body of [res.text]) {
      expect(body).not.toMatch(/at .*\.ts:\d+/);
      expect(body).not.toMatch(/select |insert into/i);
    }
  });

  it('sends security headers, no-store caching, and a request id (kept from a well-formed X-Request-Id)', async () => {
    const res = await server.client().request('GET', '/api/health', undefined, { 'x-request-id': 'test-request-0001' });
    expect(res.headers.get('x-request-id')).toBe('test-request-0001');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const forged = await server.client().request('GET', '/api/health', undefined, { 'x-request-id': 'bad id with spaces <script>' });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the session cookie HttpOnly and SameSite=Strict', async () => {
    const user = await createUser(server.db, 'edge.user', []);
    const res = await server.client().login(user.login, user.password);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cordee_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
  });
});
