type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The schema rjsf renders, from the effective schema: closed lists with `x-cordee-enumLabels`
 * become `oneOf` of `const` with their French titles (shown instead of the stored codes), and
 * computed fields (`x-cordee-computed`) are read-only — the server computes them. Pure: returns a copy.
 */
export function prepareSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prepareSchema);
  if (!isNode(node)) return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'const' || k === 'default' || k === 'enum' || k === 'examples' ? v : prepareSchema(v);
  const labels = node['x-cordee-enumLabels'];
  if (Array.isArray(node.enum) && isNode(labels)) {
    out.oneOf = node.enum.map((value) => ({ const: value, title: typeof labels[String(value)] === 'string' ? labels[String(value)] : String(value) }));
    delete out.enum;
  }
  if (typeof node['x-cordee-computed'] === 'string') out.readOnly = true;
  return out;
}

/** Checkboxes for closed multiple choices unless the layout says otherwise (easier on a tablet than a multi-select list). */
export function prepareUiSchema(schema: unknown, ui: unknown): Node {
  const out: Node = isNode(ui) ? { ...ui } : {};
  if (!isNode(schema)) return out;
  const props = schema.properties;
  if (isNode(props)) {
    for (const [key, child] of Object.entries(props)) {
      const prepared = prepareUiSchema(child, out[key]);
      if (Object.keys(prepared).length > 0) out[key] = prepared;
    }
  }
  if (schema.type === 'array' && isNode(schema.items)) {
    const items = schema.items;
    if ((Array.isArray(items.enum) || Array.isArray(items.oneOf)) && schema.uniqueItems === true && out['ui:widget'] === undefined) out['ui:widget'] = 'checkboxes';
    else if (isNode(items.properties)) {
      const prepared = prepareUiSchema(items, out.items);
      if (Object.keys(prepared).length > 0) out.items = prepared;
    }
  }
  return out;
}
