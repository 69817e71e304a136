import Ajv2020 from 'ajv/dist/2020';
import { allRoutes } from '@cordee/server/src/routes/index';
import { validateOpenApi } from '../helpers/openapi-validator';
import { type TestServer, startTestServer } from '../helpers/test-server';

type Operation = {
  summary?: string;
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, unknown>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};

/** Every `$ref` string in a value, with where it was found. */
function refsIn(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : refsIn(v, `${at}/${k}`)));
}

/** Follows a local JSON pointer (`#/a/b`) inside the document. */
function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), document);
}

describe('GET /api/openapi.json', () => {
  let server: TestServer;
  let document: Document;
  beforeAll(async () => {
    server = await startTestServer();
    const response = await server.client().get<Document>('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = response.body;
  });
  afterAll(() => server.close());

  const operations = () => Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

  it('is a valid OpenAPI 3.1 document according to the official schema', async () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    const result = await validateOpenApi(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('is refused by the same validator when broken, so the check above means something', async () => {
    const broken = structuredClone(document) as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const [path, item] = Object.entries(broken.paths)[0]!;
    const method = Object.keys(item)[0]!;
    item[method]!.parameters = [{ name: 'dossier', in: 'body', schema: { type: 'string' } }];
    expect((await validateOpenApi(broken)).valid).toBe(false);
    const dangling = structuredClone(document) as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> };
    dangling.paths[path]![method]!.requestBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } };
    expect((await validateOpenApi(dangling)).valid).toBe(false);
  });

  it('documents exactly the routes the server mounts, with their access', () => {
    const routes = allRoutes(server.deps);
    const documented = operations().map(({ path, method }) => `${method} ${path}`).sort();
    expect(documented).toEqual(routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`).sort());
    for (const route of routes) {
      const op = document.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]![route.method]!;
      const name = `${route.method} ${route.path}`;
      if (route.access === 'public') expect({ name, security: op.security }).toEqual({ name, security: [] });
      else expect({ name, security: op.security }).toEqual({ name, security: [{ session: [] }] });
    }
    expect(document.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'cordee_session' });
  });

  it('gives every operation a French summary, a unique operationId, its path parameters and an error response', () => {
    const ids = new Set<string>();
    for (const { path, method, op } of operations()) {
      const name = `${method} ${path}`;
      expect({ name, summary: typeof op.summary === 'string' && op.summary.trim().length > 3 }).toEqual({ name, summary: true });
      expect(ids.has(op.operationId!)).toBe(false);
      ids.add(op.operationId!);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
      expect({ name, params: declared }).toEqual({ name, params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort() });
      expect(op.responses.default).toBeDefined();
    }
  });

  it('refers only to schemas that exist: request bodies point into components, every $ref resolves', () => {
    for (const { path, method, op } of operations()) {
      const ref = op.requestBody?.content['application/json']?.schema?.$ref;
      if (!op.requestBody) continue;
      expect({ at: `${method} ${path}`, ref }).toEqual({ at: `${method} ${path}`, ref: expect.stringMatching(/^#\/components\/schemas\/[A-Za-z0-9]+$/) });
      expect(resolvePointer(document, ref!)).toBeDefined();
    }
    const dangling = refsIn(document).filter(({ ref }) => resolvePointer(document, ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it('publishes every contract schema as a valid JSON Schema 2020-12 component', () => {
    const ajv = new Ajv2020({ strict: false });
    const names = Object.keys(document.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['Problem', 'Health', 'LoginRequest', 'ProfileDefinition', 'FormDefinition', 'GridDefinition']));
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect({ name, valid: ajv.validateSchema(schema) }).toEqual({ name, valid: true });
      expect(schema.$id).toBeUndefined();
    }
  });
});
