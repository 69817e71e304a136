import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import localizeFr from 'ajv-i18n/localize/fr';
import { type SchemaId, createContractAjv, schemaUri } from '@cordee/metadata';
import { AppError, type ErrorIssue } from '@cordee/core';

/**
 * Validators of the contract schemas (metadata/schemas), compiled once per process. Bodies are
 * validated strictly (unknown fields refused); query strings are coerced from text first.
 */
const buildAjv = (coerce: boolean): Ajv2020 => createContractAjv({ coerceTypes: coerce });

let bodyAjv: Ajv2020 | undefined;
let queryAjv: Ajv2020 | undefined;
const cache = new Map<string, ValidateFunction>();

function validatorFor(id: SchemaId, mode: 'body' | 'query'): ValidateFunction {
  const key = `${mode}:${id}`;
  let validate = cache.get(key);
  if (!validate) {
    const ajv = mode === 'body' ? (bodyAjv ??= buildAjv(false)) : (queryAjv ??= buildAjv(true));
    validate = ajv.getSchema(schemaUri(id));
    if (!validate) throw new Error(`schema ${id} is not registered`);
    cache.set(key, validate);
  }
  return validate;
}

/** French issues, one per offending field, with the path of the field itself. */
export function issuesFromAjv(errors: ErrorObject[] | null | undefined): ErrorIssue[] {
  if (!errors) return [];
  localizeFr(errors);
  const seen = new Set<string>();
  const issues: ErrorIssue[] = [];
  for (const e of errors) {
    let path = e.instancePath;
    let message = e.message ?? 'valeur invalide';
    if (e.keyword === 'additionalProperties') {
      const field = String((e.params as { additionalProperty: string }).additionalProperty);
      path = `${path}/${field}`;
      message = `Champ inconnu : « ${field} ».`;
    } else if (e.keyword === 'required') {
      const field = String((e.params as { missingProperty: string }).missingProperty);
      path = `${path}/${field}`;
      message = 'Ce champ est obligatoire.';
    }
    const key = `${path}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message, keyword: e.keyword });
  }
  return issues;
}

/** Returns the value (coerced for queries) or throws VALIDATION_FAILED naming each field. */
export function validateAgainst<T>(id: SchemaId, value: unknown, mode: 'body' | 'query' = 'body'): T {
  const validate = validatorFor(id, mode);
  if (!validate(value)) throw new AppError('VALIDATION_FAILED', { issues: issuesFromAjv(validate.errors) });
  return value as T;
}
