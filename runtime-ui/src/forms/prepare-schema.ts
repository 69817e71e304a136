type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

const isConstBranch = (b: unknown): b is Node => isNode(b) && Object.hasOwn(b, 'const');

/** The French labels of a closed list: `x-cordee-enumLabels` over `enum`, or the titles of a `oneOf` of `const`. */
function closedList(node: Node): { values: unknown[]; labels: string[] } | null {
  const labels = node['x-cordee-enumLabels'];
  if (Array.isArray(node.enum)) {
    return { values: node.enum, labels: node.enum.map((v) => (isNode(labels) && typeof labels[String(v)] === 'string' ? (labels[String(v)] as string) : String(v))) };
  }
  if (Array.isArray(node.oneOf) && node.oneOf.length > 0 && node.oneOf.every(isConstBranch)) {
    const branches = node.oneOf as Node[];
    return { values: branches.map((b) => b.const), labels: branches.map((b) => (typeof b.title === 'string' ? b.title : String(b.const))) };
  }
  return null;
}

/**
 * The schema rjsf renders, from the effective schema: closed lists become plain `enum`s (rjsf
 * preselects the first branch of a `oneOf`, which must never happen on an evaluation scale; their
 * French labels go to the layout, see prepareUiSchema), and computed fields (`x-cordee-computed`)
 * are read-only — the server computes them. Pure: returns a copy.
 */
export function prepareSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prepareSchema);
  if (!isNode(node)) return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'const' || k === 'default' || k === 'enum' || k === 'examples' ? v : prepareSchema(v);
  const list = closedList(node);
  if (list && !Array.isArray(node.enum)) {
    out.enum = list.values;
    delete out.oneOf;
  }
  if (typeof node['x-cordee-computed'] === 'string') out.readOnly = true;
  return out;
}

/** The name under which the form registers its file field (`x-cordee-widget: "attachment"`). */
export const ATTACHMENT_FIELD = 'attachment';

/**
 * The layout rjsf renders: French labels of closed lists (`ui:enumNames`), checkboxes for closed
 * multiple choices unless the layout says otherwise (easier on a tablet than a multi-select list),
 * the file field for a node declaring `x-cordee-widget: "attachment"` (it holds `{ attachmentId }`).
 */
export function prepareUiSchema(schema: unknown, ui: unknown): Node {
  const out: Node = isNode(ui) ? { ...ui } : {};
  if (!isNode(schema)) return out;
  if (schema['x-cordee-widget'] === ATTACHMENT_FIELD) {
    if (out['ui:field'] === undefined) out['ui:field'] = ATTACHMENT_FIELD;
    return out;
  }
  const list = closedList(schema);
  if (list && out['ui:enumNames'] === undefined) out['ui:enumNames'] = list.labels;
  const props = schema.properties;
  if (isNode(props)) {
    for (const [key, child] of Object.entries(props)) {
      const prepared = prepareUiSchema(child, out[key]);
      if (Object.keys(prepared).length > 0) out[key] = prepared;
    }
  }
  if (schema.type === 'array' && isNode(schema.items)) {
    const items = schema.items;
    const itemList = closedList(items);
    if (itemList && schema.uniqueItems === true) {
      if (out['ui:widget'] === undefined) out['ui:widget'] = 'checkboxes';
      out.items = { ...(isNode(out.items) ? out.items : {}), 'ui:enumNames': itemList.labels };
    } else if (isNode(items.properties)) {
      const prepared = prepareUiSchema(items, out.items);
      if (Object.keys(prepared).length > 0) out.items = prepared;
    }
  }
  return out;
}
