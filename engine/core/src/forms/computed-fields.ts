import { evaluateExpression } from '../expressions/feel';
import { deleteAtPointer, formatPointer, setAtPointer } from './json-pointer';
import type { FieldInfo } from './schema-fields';
import { expandPath } from './upgrade-answers';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Fields the server owns: computed (`x-cordee-computed`) or read-only. */
export const isServerOwned = (field: FieldInfo): boolean => field.computed !== undefined || field.node.readOnly === true;

function removeAt(root: Json, parts: string[]): void {
  let node: unknown = root;
  for (const part of parts.slice(0, -1)) node = isObject(node) || Array.isArray(node) ? (node as Json)[part] : undefined;
  if (isObject(node)) delete node[parts[parts.length - 1]!];
}

/**
 * A copy of the answers without any value for server-owned fields: whatever the client sent
 * there is ignored, never validated nor stored. Returns the concrete paths that were dropped.
 */
export function dropServerOwned(data: Json, fields: readonly FieldInfo[]): { data: Json; dropped: string[] } {
  const copy = clone(data);
  const dropped: string[] = [];
  for (const field of fields) {
    if (!isServerOwned(field)) continue;
    for (const hit of expandPath(copy, field.path)) {
      removeAt(copy, hit.parts);
      dropped.push(formatPointer(hit.parts));
    }
  }
  return { data: copy, dropped };
}

/**
 * Evaluates every computed field, in schema order (a computed field may use the ones before it).
 * An expression sees the top-level answers by name, the whole answers as `answers`, then
 * `context` (a grid's items, scores, bands…, which take precedence); inside a repeating group it
 * also sees the fields of its own item by name and the item as `item`. A null result leaves the
 * field empty. Returns the completed answers and the computed values by concrete path.
 */
export function computeFields(data: Json, fields: readonly FieldInfo[], context: Json = {}): { data: Json; computed: Record<string, unknown> } {
  const result = clone(data);
  const computed: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.computed === undefined) continue;
    const segments = field.path.split('/').slice(1);
    if (!segments.includes('*')) {
      const value = evaluateExpression(field.computed, { ...result, answers: result, ...context });
      if (value === null || value === undefined) deleteAtPointer(result, field.path);
      else if (setAtPointer(result, field.path, value)) computed[field.path] = value;
      continue;
    }
    const name = segments[segments.length - 1]!;
    for (const parent of expandPath(result, `/${segments.slice(0, -1).join('/')}`)) {
      if (!isObject(parent.value)) continue;
      const value = evaluateExpression(field.computed, { ...result, answers: result, ...context, ...parent.value, item: parent.value });
      if (value === null || value === undefined) delete parent.value[name];
      else {
        parent.value[name] = value;
        computed[formatPointer([...parent.parts, name])] = value;
      }
    }
  }
  return { data: result, computed };
}
