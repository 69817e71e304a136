import { formatPointer } from './json-pointer';

/** A JSON Schema node as authored in a form (2020-12 with x-cordee keywords). */
export type SchemaNode = Record<string, unknown> & {
  type?: string | string[];
  title?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  oneOf?: SchemaNode[];
  const?: unknown;
  'x-cordee-category'?: string;
  'x-cordee-locked'?: boolean;
  'x-cordee-computed'?: string;
};

/** One answerable field of a form, flattened: its data path and what constrains its values. */
export interface FieldInfo {
  /** Data path: JSON pointer into the answers, `*` for every item of a list (e.g. `/enfants/*` + `/nom` for the name of every child). */
  path: string;
  /** Pointer to the field's node in the schema (e.g. `/properties/enfants/items/properties/nom`). */
  schemaPath: string;
  types: string[];
  /** Allowed values when the field is a closed list (enum, or oneOf of const). */
  values: unknown[] | null;
  required: boolean;
  title: string | undefined;
  category: string | undefined;
  locked: boolean;
  computed: string | undefined;
  constraints: Partial<Record<ConstraintKeyword, number | string>>;
  node: SchemaNode;
}

export const constraintKeywords = ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'pattern', 'format', 'multipleOf'] as const;
export type ConstraintKeyword = (typeof constraintKeywords)[number];

export function typesOf(node: SchemaNode): string[] {
  if (Array.isArray(node.type)) return [...node.type].sort();
  if (typeof node.type === 'string') return [node.type];
  if (node.properties) return ['object'];
  if (node.items) return ['array'];
  if (Array.isArray(node.enum)) return [...new Set(node.enum.map((v) => (v === null ? 'null' : typeof v)))].sort();
  return [];
}

/** The closed list of values of a node: `enum`, or `oneOf` whose branches are all `const`. */
export function closedValues(node: SchemaNode): unknown[] | null {
  if (Array.isArray(node.enum)) return node.enum;
  if (Array.isArray(node.oneOf) && node.oneOf.length > 0 && node.oneOf.every((b) => b && Object.hasOwn(b, 'const'))) return node.oneOf.map((b) => b.const);
  if (node.items && typesOf(node).includes('array')) return null;
  return null;
}

/**
 * Every field of a schema, depth first. Objects contribute their properties; arrays of objects
 * contribute their item fields under `*`; arrays of scalars (multiple choice) are one field.
 */
export function listFields(schema: SchemaNode): FieldInfo[] {
  const fields: FieldInfo[] = [];
  const walk = (node: SchemaNode, dataPath: string[], schemaPath: string[], required: boolean) => {
    const types = typesOf(node);
    const isGroup = types.includes('object') && node.properties;
    const isRepeat = types.includes('array') && node.items && typesOf(node.items).includes('object');
    if (dataPath.length > 0) {
      const constraints: FieldInfo['constraints'] = {};
      for (const k of constraintKeywords) if (node[k] !== undefined) constraints[k] = node[k] as number | string;
      const listValues = types.includes('array') && node.items ? closedValues(node.items) : null;
      fields.push({
        path: formatPointer(dataPath),
        schemaPath: formatPointer(schemaPath),
        types,
        values: listValues ?? closedValues(node),
        required,
        title: node.title,
        category: node['x-cordee-category'],
        locked: node['x-cordee-locked'] === true,
        computed: node['x-cordee-computed'],
        constraints,
        node,
      });
    }
    if (isGroup) {
      const req = new Set(node.required ?? []);
      for (const [name, child] of Object.entries(node.properties!)) walk(child, [...dataPath, name], [...schemaPath, 'properties', name], req.has(name));
    } else if (isRepeat) {
      const item = node.items!;
      const req = new Set(item.required ?? []);
      for (const [name, child] of Object.entries(item.properties ?? {})) walk(child, [...dataPath, '*', name], [...schemaPath, 'items', 'properties', name], req.has(name));
    }
  };
  walk(schema, [], [], true);
  return fields;
}
