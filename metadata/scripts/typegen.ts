import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compile } from 'json-schema-to-typescript';

/** Shared by the generators of TypeScript types (contract schemas, pack forms): json-schema-to-typescript with our conventions. */
/**
 * Type names come from the root `title` only: nested titles are French labels for forms, not type
 * names. Annotations beside a `$ref` are dropped too: json-schema-to-typescript would otherwise
 * declare a second copy of the referenced type for each annotated use.
 */
export function withoutNestedTitles(schema: Record<string, unknown>): Record<string, unknown> {
  const strip = (value: unknown, root: boolean): unknown => {
    if (Array.isArray(value)) return value.map((v) => strip(v, false));
    if (value === null || typeof value !== 'object') return value;
    const isRef = '$ref' in value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key, v]) => root || key !== 'title' || typeof v !== 'string')
        .filter(([key]) => !isRef || (key !== 'title' && key !== 'description'))
        .map(([key, v]) => [key, key === 'properties' || key === '$defs' ? stripMap(v) : strip(v, false)]),
    );
  };
  // property and definition names may themselves be called "title": keep those keys.
  const stripMap = (map: unknown): unknown =>
    map && typeof map === 'object' ? Object.fromEntries(Object.entries(map as Record<string, unknown>).map(([k, v]) => [k, strip(v, false)])) : map;
  return strip(schema, true) as Record<string, unknown>;
}

/** A schema with only `$defs` (shared definitions) describes no value: it gets no type of its own. */
export const describesAValue = (schema: Record<string, unknown>): boolean =>
  ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'properties', 'enum', 'const'].some((keyword) => keyword in schema);

export function listGenerated(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listGenerated(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

export const typeNameOf = (title: string): string => title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());


export interface RefResolver {
  order: number;
  canRead: (file: { url: string }) => boolean;
  read: (file: { url: string }) => string;
}

/** One schema to one TypeScript declaration (its own referenced types declared beside it). */
export async function compileType(schema: Record<string, unknown>, typeName: string, resolver?: RefResolver): Promise<string> {
  return compile(withoutNestedTitles(schema) as never, typeName, {
    bannerComment: '',
    additionalProperties: false,
    declareExternallyReferenced: true,
    $refOptions: { resolve: { ...(resolver ? { cordee: resolver } : {}), http: false, https: false } } as never,
    format: true,
    strictIndexSignatures: true,
    unreachableDefinitions: false,
  });
}

/**
 * Writes the generated files that changed and removes those that no longer have a source; with
 * `check`, changes nothing and exits 1 listing what is stale.
 */
export function syncGeneratedFiles(dir: string, files: Map<string, string>, check: boolean, command: string): void {
  const stale: string[] = [];
  for (const [path, content] of files) {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
    if (current === content) continue;
    if (check) stale.push(path);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      process.stdout.write(`wrote ${path}\n`);
    }
  }
  for (const path of listGenerated(dir)) {
    if (files.has(path)) continue;
    if (check) stale.push(`${path} (no source any more)`);
    else {
      rmSync(path);
      process.stdout.write(`removed ${path}\n`);
    }
  }
  if (stale.length > 0) {
    process.stderr.write(`Generated types are stale; run \`${command}\`:\n${stale.join('\n')}\n`);
    process.exit(1);
  }
}
