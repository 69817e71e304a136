import type { ErrorSchema } from '@rjsf/utils';
import type { Issue } from '../api/types';

const unescape = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');

/** The server's issues (JSON pointers into the answers) as rjsf's error tree, so each message shows on its field. */
export function errorSchemaOf(issues: Issue[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = root;
    for (const part of issue.path.split('/').slice(1).map(unescape)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    const errors = (node.__errors as string[] | undefined) ?? [];
    node.__errors = [...errors, issue.message];
  }
  return root as ErrorSchema;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The French titles along a pointer ("Besoin de protection › Niveau de réponse au besoin"), for the error summary. */
export function fieldLabel(schema: unknown, pointer: string): string {
  const titles: string[] = [];
  let node: unknown = schema;
  for (const part of pointer.split('/').slice(1).map(unescape)) {
    if (!isNode(node)) break;
    if (isNode(node.properties) && isNode(node.properties[part])) node = node.properties[part];
    else if (isNode(node.items) && /^\d+$/.test(part)) {
      node = node.items;
      titles.push(`n° ${Number(part) + 1}`);
      continue;
    } else {
      titles.push(part);
      node = undefined;
      continue;
    }
    if (isNode(node) && typeof node.title === 'string') titles.push(node.title);
    else titles.push(part);
  }
  return titles.length > 0 ? titles.join(' › ') : 'Formulaire';
}

/** The DOM id rjsf gives the field at a pointer (`root_items_protection_niveau`), to move the focus there. */
export const fieldDomId = (pointer: string): string => ['root', ...pointer.split('/').slice(1).map(unescape)].join('_');
