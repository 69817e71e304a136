type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the server says of a form's fields for this user (data paths, `*` for any list item). */
export interface FieldAccess {
  hiddenPaths?: string[];
  readOnlyPaths?: string[];
}

const segments = (path: string) => (path === '' ? [] : path.split('/').slice(1));

/** Walks a copy of schema and layout down a data path; returns the parent nodes and the last segment. */
function locate(schema: Node, ui: Node, path: string): { schema: Node; ui: Node; name: string } | null {
  const segs = segments(path);
  let s = schema;
  let u = ui;
  for (const seg of segs.slice(0, -1)) {
    if (seg === '*') {
      if (!isNode(s.items)) return null;
      s = s.items = { ...s.items };
      u = u.items = isNode(u.items) ? { ...u.items } : {};
    } else {
      const props = s.properties;
      if (!isNode(props) || !isNode(props[seg])) return null;
      s.properties = { ...props };
      s = (s.properties as Node)[seg] = { ...(props[seg] as Node) };
      u = u[seg] = isNode(u[seg]) ? { ...(u[seg] as Node) } : {};
    }
  }
  const name = segs[segs.length - 1];
  return name === undefined || name === '*' ? null : { schema: s, ui: u, name };
}

/**
 * The schema and layout rjsf renders for this user: fields they may not read are removed (never in
 * the page: schema, required list, layout and order), fields they may read but not write are
 * read-only. The server enforces both anyway. Pure: returns copies.
 */
export function applyFieldAccess(schema: Node, uiSchema: Node, access: FieldAccess): { schema: Node; uiSchema: Node } {
  const outSchema: Node = { ...schema };
  const outUi: Node = { ...uiSchema };
  for (const path of access.hiddenPaths ?? []) {
    const at = locate(outSchema, outUi, path);
    if (!at || !isNode(at.schema.properties)) continue;
    const { [at.name]: _dropped, ...kept } = at.schema.properties;
    at.schema.properties = kept;
    if (Array.isArray(at.schema.required)) at.schema.required = at.schema.required.filter((r) => r !== at.name);
    delete at.ui[at.name];
    if (Array.isArray(at.ui['ui:order'])) at.ui['ui:order'] = at.ui['ui:order'].filter((k) => k !== at.name);
  }
  for (const path of access.readOnlyPaths ?? []) {
    const at = locate(outSchema, outUi, path);
    if (!at || !isNode(at.schema.properties) || !isNode(at.schema.properties[at.name])) continue;
    at.schema.properties = { ...at.schema.properties, [at.name]: { ...(at.schema.properties[at.name] as Node), readOnly: true } };
  }
  return { schema: outSchema, uiSchema: outUi };
}
