import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { cordeeKeywordDefinitions } from './cordee-keywords';
import { type SchemaId, schemaRegistry, schemaUri } from './schemas';

/**
 * An ajv instance holding every contract schema, in strict mode, with the formats and the
 * `x-cordee*` keywords registered: contract schemas and form schemas compile on it alike.
 */
export function createContractAjv(options: { coerceTypes?: boolean; optimize?: boolean } = {}): Ajv2020 {
  const coerce = options.coerceTypes ?? false;
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    coerceTypes: coerce,
    useDefaults: coerce,
    ...(options.optimize === false ? { code: { optimize: false, source: false, lines: false } } : {}),
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-cordee' });
  for (const schema of schemaRegistry().values()) ajv.addSchema(schema);
  for (const definition of cordeeKeywordDefinitions()) ajv.addKeyword(definition);
  return ajv;
}

export interface ContractIssue {
  /** JSON pointer of the offending field (the missing or unknown field itself, not its parent). */
  path: string;
  message: string;
}

/**
 * The most specific issues of an ajv result: an issue on a field hides the generic ones on its
 * parents (the failed `anyOf`/`oneOf` branches), and failed `const` alternatives become one list.
 */
export function contractIssues(errors: ErrorObject[] | null | undefined): ContractIssue[] {
  const byPath = new Map<string, { messages: string[]; allowed: unknown[] }>();
  for (const e of errors ?? []) {
    let path = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      path = `${path}/${String((e.params as { additionalProperty: string }).additionalProperty)}`;
      message = 'is not an allowed field';
    } else if (e.keyword === 'required') {
      path = `${path}/${String((e.params as { missingProperty: string }).missingProperty)}`;
      message = 'is required';
    }
    const entry = byPath.get(path) ?? { messages: [], allowed: [] };
    if (e.keyword === 'const') entry.allowed.push((e.params as { allowedValue: unknown }).allowedValue);
    else if (!entry.messages.includes(message)) entry.messages.push(message);
    byPath.set(path, entry);
  }
  const paths = [...byPath.keys()];
  const issues: ContractIssue[] = [];
  for (const [path, { messages, allowed }] of byPath) {
    if (paths.some((other) => other !== path && other.startsWith(`${path}/`))) continue;
    const specific = allowed.length > 0 ? [`must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`] : messages.filter((m) => !/match (exactly one|some) schema/.test(m));
    issues.push({ path, message: (specific.length > 0 ? specific : messages).join('; ') });
  }
  return issues;
}

let shared: Ajv2020 | undefined;
/** Validates a value against a contract schema; returns no issue when it conforms. */
export function validateContract(id: SchemaId, value: unknown): ContractIssue[] {
  shared ??= createContractAjv();
  const validate = shared.getSchema(schemaUri(id));
  if (!validate) throw new Error(`schema ${id} is not registered`);
  return validate(value) ? [] : contractIssues(validate.errors);
}
