/** RFC 6901 JSON pointers over plain JSON values. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function formatPointer(parts: readonly string[]): string {
  return parts.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function getAtPointer(value: unknown, pointer: string): unknown {
  let current: unknown = value;
  for (const part of parsePointer(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.hasOwn(current, part) ? (current as Record<string, unknown>)[part] : undefined;
  }
  return current;
}

/** Sets a value, creating intermediate objects; returns false when a non-object is in the way. */
export function setAtPointer(target: Record<string, unknown>, pointer: string, value: unknown): boolean {
  const parts = parsePointer(pointer);
  if (parts.length === 0) return false;
  let current: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (next === undefined) current[part] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) return false;
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]!] = value;
  return true;
}

export function deleteAtPointer(target: Record<string, unknown>, pointer: string): boolean {
  const parts = parsePointer(pointer);
  let current: unknown = target;
  for (const part of parts.slice(0, -1)) {
    if (current === null || typeof current !== 'object') return false;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === null || typeof current !== 'object') return false;
  const last = parts[parts.length - 1]!;
  if (!Object.hasOwn(current, last)) return false;
  delete (current as Record<string, unknown>)[last];
  return true;
}
