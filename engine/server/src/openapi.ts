import { type JsonSchema, SCHEMA_BASE_URI, schemaRegistry } from '@cordee/metadata';
import type { RouteSpec } from './http/route';

const componentName = (schema: JsonSchema, id: string): string => schema.title ?? id.replace(/[^A-Za-z0-9]/g, '_');

/**
 * Rewrites a contract schema into an OpenAPI component: references between contract schemas
 * become references between components, and a schema's references to itself (`#/$defs/x`) are
 * re-rooted at its component, since `#` now means the OpenAPI document.
 */
function toComponent(value: unknown, names: Map<string, string>, self: string): unknown {
  if (Array.isArray(value)) return value.map((v) => toComponent(v, names, self));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === '$id' || key === '$schema') continue;
    if (key === '$ref' && typeof v === 'string') out[key] = componentRef(v, names, self);
    else out[key] = toComponent(v, names, self);
  }
  return out;
}

function componentRef(ref: string, names: Map<string, string>, self: string): string {
  const [file, pointer = ''] = ref.split('#') as [string, string | undefined];
  if (file === '') return `#/components/schemas/${self}${pointer}`;
  if (!file.startsWith(SCHEMA_BASE_URI)) return ref;
  const name = names.get(file.slice(SCHEMA_BASE_URI.length).replace(/\.json$/, ''));
  if (!name) throw new Error(`unknown schema reference ${ref}`);
  return `#/components/schemas/${name}${pointer}`;
}

/** Component names are the schemas' root titles; two schemas with one title would overwrite each other. */
function componentNames(registry: Map<string, JsonSchema>): Map<string, string> {
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const [id, schema] of registry) {
    const name = componentName(schema, id);
    const owner = owners.get(name);
    if (owner) throw new Error(`schemas ${owner} and ${id} have the same title ${name}`);
    owners.set(name, id);
    names.set(id, name);
  }
  return names;
}

/** OpenAPI 3.1, generated from the route table and the same JSON Schemas that validate requests. */
export function buildOpenApi(routes: RouteSpec[], version: string): Record<string, unknown> {
  const registry = schemaRegistry();
  const names = componentNames(registry);
  const ref = (id: string) => ({ $ref: `#/components/schemas/${names.get(id)}` });
  const problem = { description: 'Erreur (RFC 9457)', content: { 'application/problem+json': { schema: ref('api/problem') } } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (spec.query) {
      const query = registry.get(spec.query) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
      for (const [name, schema] of Object.entries(query?.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query?.required?.includes(name) ?? false, schema: toComponent(schema, names, names.get(spec.query)!) });
      }
    }
    const status = String(spec.successStatus ?? 200);
    const success =
      status === '204'
        ? { description: 'Fait' }
        : {
            description: 'Succès',
            content: spec.produces ? { [spec.produces]: {} } : { 'application/json': spec.response ? { schema: ref(spec.response) } : {} },
          };
    const operation: Record<string, unknown> = {
      summary: spec.summary,
      tags: spec.tags,
      operationId: `${spec.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters,
      responses: { [status]: success, default: problem },
      security: spec.access === 'public' ? [] : [{ session: [] }],
    };
    if (spec.body) operation.requestBody = { required: true, content: { 'application/json': { schema: ref(spec.body) } } };
    if (typeof spec.access === 'object') operation['x-cordee-permission'] = spec.access;
    paths[path] = { ...(paths[path] ?? {}), [spec.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Cordée API', version, description: 'Dossier usager informatisé pour la protection de l’enfance.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: Object.fromEntries([...registry].map(([id, schema]) => [names.get(id), toComponent(schema, names, names.get(id)!)])),
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cordee_session' } },
    },
  };
}
