import type { FormMigration } from './compatibility';
import { type FieldInfo, type SchemaNode, listFields } from './schema-fields';

/** An answer that could not move to the new version: kept with the record and reported, never lost. */
export interface CarriedAnswer {
  path: string;
  value: unknown;
  reason: 'dropped' | 'field_removed' | 'type_changed' | 'value_not_allowed';
}

export interface UpgradeResult {
  data: Record<string, unknown>;
  carried: CarriedAnswer[];
  /** Data paths (concrete, e.g. `/enfants/0/nom`) that received a migration default. */
  defaulted: string[];
}

type Json = Record<string, unknown>;

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Concrete locations of a data path pattern in some data (`*` expands over list items). */
export function expandPath(data: unknown, pattern: string): Array<{ parts: string[]; value: unknown }> {
  const segments = pattern.split('/').slice(1);
  const out: Array<{ parts: string[]; value: unknown }> = [];
  const walk = (node: unknown, index: number, parts: string[]) => {
    if (index === segments.length) {
      out.push({ parts, value: node });
      return;
    }
    const seg = segments[index]!;
    if (seg === '*') {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, index + 1, [...parts, String(i)]));
      return;
    }
    if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, seg)) walk((node as Json)[seg], index + 1, [...parts, seg]);
  };
  walk(data, 0, []);
  return out;
}

function getParent(root: Json, parts: string[]): Json | unknown[] | null {
  let node: unknown = root;
  for (const part of parts.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Json)[part];
  }
  return node !== null && typeof node === 'object' ? (node as Json) : null;
}

function removeAt(root: Json, parts: string[]): void {
  const parent = getParent(root, parts);
  if (parent && !Array.isArray(parent)) delete parent[parts[parts.length - 1]!];
}

function setAt(root: Json, parts: string[], value: unknown): void {
  let node: Json = root;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === undefined || node[part] === null || typeof node[part] !== 'object') node[part] = {};
    node = node[part] as Json;
  }
  node[parts[parts.length - 1]!] = value;
}

const toPointer = (parts: string[]) => `/${parts.join('/')}`;

function matchesType(value: unknown, field: FieldInfo): boolean {
  if (field.types.length === 0) return true;
  return field.types.some((t) => {
    switch (t) {
      case 'null':
        return value === null;
      case 'integer':
        return Number.isInteger(value);
      case 'number':
        return typeof value === 'number';
      case 'array':
        return Array.isArray(value);
      case 'object':
        return value !== null && typeof value === 'object' && !Array.isArray(value);
      default:
        return typeof value === t;
    }
  });
}

/**
 * Moves answers captured with one version of a form into the shape of another, following the
 * migration: renames, value recodings, defaults for new required fields. Whatever does not fit
 * the new version is taken out and returned in `carried`.
 */
export function upgradeAnswers(oldData: Json, next: SchemaNode, migration: FormMigration = {}): UpgradeResult {
  const data = clone(oldData) ?? {};
  const carried: CarriedAnswer[] = [];
  const defaulted: string[] = [];

  for (const pattern of migration.drops ?? []) {
    for (const hit of expandPath(data, pattern).reverse()) {
      carried.push({ path: toPointer(hit.parts), value: clone(hit.value), reason: 'dropped' });
      removeAt(data, hit.parts);
    }
  }
  const moves: Array<{ to: string[]; value: unknown }> = [];
  for (const [from, to] of Object.entries(migration.renames ?? {})) {
    const toSegments = to.split('/').slice(1);
    for (const hit of expandPath(data, from)) {
      // the n-th `*` of the target takes the n-th list index of the source
      const indexes = hit.parts.filter((_, i) => from.split('/').slice(1)[i] === '*');
      let k = 0;
      const target = toSegments.map((seg) => (seg === '*' ? (indexes[k++] ?? '0') : seg));
      moves.push({ to: target, value: hit.value });
      removeAt(data, hit.parts);
    }
  }
  for (const move of moves) setAt(data, move.to, move.value);
  for (const [pattern, map] of Object.entries(migration.valueMaps ?? {})) {
    for (const hit of expandPath(data, pattern)) {
      if (Array.isArray(hit.value)) setAt(data, hit.parts, hit.value.map((v) => (Object.hasOwn(map, String(v)) ? map[String(v)] : v)));
      else if (Object.hasOwn(map, String(hit.value))) setAt(data, hit.parts, map[String(hit.value)]);
    }
  }

  const fields = listFields(next);
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const prune = (node: unknown, pattern: string[], parts: string[]) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    for (const key of Object.keys(node)) {
      const childPattern = [...pattern, key];
      const field = byPath.get(toPointer(childPattern));
      const value = (node as Json)[key];
      const here = [...parts, key];
      if (!field) {
        carried.push({ path: toPointer(here), value: clone(value), reason: 'field_removed' });
        delete (node as Json)[key];
        continue;
      }
      if (value === undefined) continue;
      if (!matchesType(value, field)) {
        carried.push({ path: toPointer(here), value: clone(value), reason: 'type_changed' });
        delete (node as Json)[key];
        continue;
      }
      if (field.values) {
        const allowed = (v: unknown) => field.values!.some((a) => JSON.stringify(a) === JSON.stringify(v));
        const ok = Array.isArray(value) ? value.every(allowed) : allowed(value);
        if (!ok) {
          carried.push({ path: toPointer(here), value: clone(value), reason: 'value_not_allowed' });
          delete (node as Json)[key];
          continue;
        }
      }
      if (Array.isArray(value) && field.types.includes('array')) value.forEach((item, i) => prune(item, [...childPattern, '*'], [...here, String(i)]));
      else prune(value, childPattern, here);
    }
  };
  prune(data, [], []);

  for (const [pattern, value] of Object.entries(migration.defaults ?? {})) {
    const segments = pattern.split('/').slice(1);
    const parentPattern = `/${segments.slice(0, -1).join('/')}`;
    const parents = segments.length === 1 ? [{ parts: [] as string[], value: data as unknown }] : expandPath(data, parentPattern);
    for (const parent of parents) {
      if (parent.value === null || typeof parent.value !== 'object' || Array.isArray(parent.value)) continue;
      const last = segments[segments.length - 1]!;
      if ((parent.value as Json)[last] === undefined) {
        (parent.value as Json)[last] = clone(value);
        defaulted.push(toPointer([...parent.parts, last]));
      }
    }
  }
  return { data, carried, defaulted };
}
