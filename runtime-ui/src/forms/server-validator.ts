import type { RJSFSchema, ValidationData, ValidatorType } from '@rjsf/utils';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(types: unknown, value: unknown): boolean {
  if (types === undefined) return true;
  const actual = typeOf(value);
  const allowed = Array.isArray(types) ? types : [types];
  return allowed.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

function resolveRef(schema: Node, root: Node): Node {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isNode(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isNode(node) ? node : schema;
}

/**
 * Whether a value fits a schema, on the keywords that choose between alternatives (`type`,
 * `const`, `enum`, `required`, nested `properties`, `items`, `oneOf`/`anyOf`/`allOf`): what rjsf
 * asks when it picks a `oneOf` branch or evaluates `if`. Length, format and pattern constraints
 * are the server's to check (it answers in French, naming the fields).
 */
export function fits(schema: unknown, value: unknown, root: Node): boolean {
  if (schema === true || schema === undefined) return true;
  if (schema === false || !isNode(schema)) return false;
  const s = resolveRef(schema, root);
  if (Object.hasOwn(s, 'const') && JSON.stringify(s.const) !== JSON.stringify(value)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return false;
  if (!typeMatches(s.type, value)) return false;
  if (isNode(value)) {
    if (Array.isArray(s.required) && !s.required.every((k) => typeof k === 'string' && Object.hasOwn(value, k))) return false;
    if (isNode(s.properties)) {
      for (const [k, child] of Object.entries(s.properties)) if (Object.hasOwn(value, k) && !fits(child, value[k], root)) return false;
    }
  }
  if (Array.isArray(value) && s.items !== undefined && !value.every((v) => fits(s.items, v, root))) return false;
  if (Array.isArray(s.allOf) && !s.allOf.every((b) => fits(b, value, root))) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((b) => fits(b, value, root))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((b) => fits(b, value, root)).length !== 1) return false;
  return true;
}

/**
 * The validator given to rjsf. The server is the authority on answers (it validates every draft and
 * final submission with the exact form version and returns French messages by field), so the
 * browser does not compile schemas: no ajv code generation, which the strict Content-Security-Policy
 * (no 'unsafe-eval') forbids, and no validation cost per keystroke on large grids.
 */
export const serverAuthorityValidator: ValidatorType<unknown, RJSFSchema> = {
  validateFormData(): ValidationData<unknown> {
    return { errors: [], errorSchema: {} };
  },
  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    return fits(schema, formData, rootSchema as Node);
  },
  rawValidation<Result>(): { errors?: Result[]; validationError?: Error } {
    return {};
  },
};
