import { formatPointer, getAtPointer, parsePointer } from './json-pointer';
import { type SchemaNode, closedValues, typesOf } from './schema-fields';

/** The restricted patch operations a layer (organisme, établissement) may apply to a shared form or grid. */
export type OverlayOperation =
  | { op: 'addField'; path: string; name: string; schema: SchemaNode; required?: boolean; uiSchema?: Record<string, unknown>; after?: string }
  | { op: 'hideField'; path: string }
  | { op: 'relabel'; path: string; title: string; description?: string }
  | { op: 'addEnumValue'; path: string; value: string; label: string }
  | { op: 'tightenConstraint'; path: string; keyword: TightenKeyword; value: number | string | boolean }
  | { op: 'reorder'; path: string; order: string[] }
  | { op: 'swapWorkflowVariant'; path: string; workflow: string; version?: string }
  | { op: 'addRules'; path: string; rules: unknown[] };

export type TightenKeyword = 'required' | 'minLength' | 'maxLength' | 'minimum' | 'maximum' | 'minItems' | 'maxItems' | 'pattern';

export interface FormContent {
  schema: SchemaNode;
  uiSchema: Record<string, unknown>;
}

export interface OverlayConflict {
  /** Index of the operation in its layer. */
  index: number;
  op: OverlayOperation['op'];
  path: string;
  /** French reason shown to the establishment. */
  reason: string;
}

export interface OverlayResult extends FormContent {
  applied: number[];
  conflicts: OverlayConflict[];
}

class Refused extends Error {}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Data-path parts of a schema pointer (`/properties/a/items/properties/b` -> ['a', 'b']): where uiSchema options live. */
function uiParts(schemaPointer: string): string[] {
  const parts = parsePointer(schemaPointer);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'properties' && i + 1 < parts.length) out.push(parts[++i]!);
    else if (parts[i] === 'items') out.push('items');
  }
  return out;
}

function uiNode(uiSchema: Record<string, unknown>, schemaPointer: string): Record<string, unknown> {
  let node = uiSchema;
  for (const part of uiParts(schemaPointer)) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  return node;
}

/** The node at a schema pointer, its parent object node and its property name. */
function locate(schema: SchemaNode, path: string): { node: SchemaNode; parent: SchemaNode | null; name: string | null } {
  const node = getAtPointer(schema, path);
  if (node === undefined || node === null || typeof node !== 'object') throw new Refused(`L’élément ${path} n’existe pas dans la version de référence.`);
  const parts = parsePointer(path);
  const isProperty = parts.length >= 2 && parts[parts.length - 2] === 'properties';
  const parent = isProperty ? (getAtPointer(schema, formatPointer(parts.slice(0, -2))) as SchemaNode) : null;
  return { node: node as SchemaNode, parent, name: isProperty ? parts[parts.length - 1]! : null };
}

/** True when the node or one of its ancestors is legal content. */
function lockedAt(schema: SchemaNode, path: string): boolean {
  const parts = parsePointer(path);
  let node: unknown = schema;
  if ((node as SchemaNode)['x-cordee-locked'] === true) return true;
  for (const part of parts) {
    node = (node as Record<string, unknown>)?.[part];
    if (node && typeof node === 'object' && (node as SchemaNode)['x-cordee-locked'] === true) return true;
  }
  return false;
}

const LOCKED = 'Cet élément est verrouillé (contenu légal) : il ne peut être ni retiré, ni assoupli, ni reformulé.';

const tighterThan: Record<Exclude<TightenKeyword, 'required' | 'pattern'>, (current: number, next: number) => boolean> = {
  minLength: (c, n) => n >= c,
  minimum: (c, n) => n >= c,
  minItems: (c, n) => n >= c,
  maxLength: (c, n) => n <= c,
  maximum: (c, n) => n <= c,
  maxItems: (c, n) => n <= c,
};

function applyOne(content: FormContent, operation: OverlayOperation): void {
  const { schema, uiSchema } = content;
  switch (operation.op) {
    case 'addField': {
      const group = getAtPointer(schema, operation.path) as SchemaNode | undefined;
      if (!group || !typesOf(group).includes('object')) throw new Refused(`Le groupe ${operation.path} n’existe pas.`);
      if (group.properties && Object.hasOwn(group.properties, operation.name)) throw new Refused(`Le champ « ${operation.name} » existe déjà dans la version partagée.`);
      const groupUi = uiNode(uiSchema, operation.path);
      const order = Array.isArray(groupUi['ui:order']) ? (groupUi['ui:order'] as string[]).filter((n) => n !== '*') : Object.keys(group.properties ?? {});
      if (operation.after && !order.includes(operation.after)) throw new Refused(`Le champ « ${operation.after} » après lequel placer le nouveau champ n’existe pas.`);
      group.properties = { ...(group.properties ?? {}), [operation.name]: clone(operation.schema) };
      if (operation.required) group.required = [...(group.required ?? []), operation.name];
      if (operation.uiSchema) Object.assign(uiNode(uiSchema, `${operation.path}/properties/${operation.name}`), clone(operation.uiSchema));
      if (operation.after || Array.isArray(groupUi['ui:order'])) {
        const at = operation.after ? order.indexOf(operation.after) + 1 : order.length;
        const next = [...order.slice(0, at), operation.name, ...order.slice(at)];
        groupUi['ui:order'] = (groupUi['ui:order'] as string[] | undefined)?.includes('*') ? [...next, '*'] : next;
      }
      return;
    }
    case 'hideField': {
      const { node, parent, name } = locate(schema, operation.path);
      if (!parent || !name) throw new Refused('Seul un champ peut être masqué.');
      if (lockedAt(schema, operation.path)) throw new Refused(LOCKED);
      if ((parent.required ?? []).includes(name)) throw new Refused('Un champ obligatoire ne peut pas être masqué.');
      node['x-cordee-hidden'] = true;
      uiNode(uiSchema, operation.path)['ui:widget'] = 'hidden';
      return;
    }
    case 'relabel': {
      const { node } = locate(schema, operation.path);
      if (lockedAt(schema, operation.path)) throw new Refused(LOCKED);
      node.title = operation.title;
      if (operation.description !== undefined) node.description = operation.description;
      return;
    }
    case 'addEnumValue': {
      const { node } = locate(schema, operation.path);
      if (lockedAt(schema, operation.path)) throw new Refused(LOCKED);
      const target = typesOf(node).includes('array') && node.items ? node.items : node;
      const values = closedValues(target);
      if (!values) throw new Refused('Ce champ n’est pas une liste de valeurs.');
      if (values.includes(operation.value)) throw new Refused(`La valeur « ${operation.value} » existe déjà.`);
      if (Array.isArray(target.enum)) {
        target.enum = [...target.enum, operation.value];
        const labels = (target['x-cordee-enumLabels'] as Record<string, string> | undefined) ?? {};
        target['x-cordee-enumLabels'] = { ...labels, [operation.value]: operation.label };
      } else target.oneOf = [...(target.oneOf ?? []), { const: operation.value, title: operation.label }];
      return;
    }
    case 'tightenConstraint': {
      const { node, parent, name } = locate(schema, operation.path);
      if (operation.keyword === 'required') {
        if (!parent || !name) throw new Refused('Seul un champ peut être rendu obligatoire.');
        if (operation.value !== true) throw new Refused('Une adaptation ne peut que rendre un champ obligatoire, pas l’inverse.');
        if (node['x-cordee-hidden']) throw new Refused('Un champ masqué ne peut pas être obligatoire.');
        if (!(parent.required ?? []).includes(name)) parent.required = [...(parent.required ?? []), name];
        return;
      }
      if (operation.keyword === 'pattern') {
        if (typeof operation.value !== 'string') throw new Refused('Le format doit être une expression régulière.');
        try {
          new RegExp(operation.value, 'u');
        } catch {
          throw new Refused('Le format n’est pas une expression régulière valide.');
        }
        if (node.pattern !== undefined && node.pattern !== operation.value) throw new Refused('Un format existe déjà : le remplacer pourrait l’assouplir.');
        node.pattern = operation.value;
        return;
      }
      if (typeof operation.value !== 'number' || !Number.isFinite(operation.value)) throw new Refused('La contrainte attend un nombre.');
      const current = node[operation.keyword];
      if (typeof current === 'number' && !tighterThan[operation.keyword](current, operation.value)) {
        throw new Refused(`La contrainte ${operation.keyword} ne peut qu’être resserrée (valeur actuelle : ${current}).`);
      }
      node[operation.keyword] = operation.value;
      return;
    }
    case 'reorder': {
      const group = getAtPointer(schema, operation.path) as SchemaNode | undefined;
      if (!group?.properties) throw new Refused(`Le groupe ${operation.path} n’existe pas.`);
      const unknown = operation.order.filter((n) => !Object.hasOwn(group.properties!, n));
      if (unknown.length > 0) throw new Refused(`Champs inconnus dans l’ordre demandé : ${unknown.join(', ')}.`);
      const rest = Object.keys(group.properties).filter((n) => !operation.order.includes(n));
      uiNode(uiSchema, operation.path)['ui:order'] = [...operation.order, ...rest];
      return;
    }
    case 'swapWorkflowVariant':
    case 'addRules':
      throw new Refused('Cette opération ne s’applique pas à un formulaire.');
  }
}

/**
 * Applies one layer's operations in order over a copy of the content. An operation that does not
 * apply (target gone upstream, locked content, loosening) is skipped and reported as a conflict,
 * never silently dropped; the others still apply. Each operation checks everything before it
 * changes anything, so a refused one leaves the content as it was.
 */
export function applyOverlay(content: FormContent, operations: readonly OverlayOperation[]): OverlayResult {
  const result: OverlayResult = { schema: clone(content.schema), uiSchema: clone(content.uiSchema ?? {}), applied: [], conflicts: [] };
  operations.forEach((operation, index) => {
    try {
      applyOne(result, operation);
      result.applied.push(index);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      result.conflicts.push({ index, op: operation.op, path: operation.path, reason: error.message });
    }
  });
  return result;
}
