import { expressionProblem } from '../expressions/feel';
import { getAtPointer } from '../forms/json-pointer';
import { type SchemaNode, closedValues, listFields, typesOf } from '../forms/schema-fields';
import type { GridScoring } from '../grids/scoring';

export interface LintIssue {
  path: string;
  message: string;
}

/** Widgets the runtime UI knows (rjsf's own and Cordée's registered ones). */
export const registeredWidgets = new Set([
  'text', 'textarea', 'password', 'email', 'uri', 'date', 'datetime', 'time', 'updown', 'range', 'select', 'radio', 'checkbox', 'checkboxes', 'hidden', 'file',
  'signature', 'scale', 'rich-text', 'phone', 'insee-commune', 'attachment', 'account',
]);

const looksFrench = (text: string) => text.trim().length > 0;

/**
 * What a quality manager must fix before publishing a form: every field labelled, every value of a
 * closed list labelled, only registered widgets, computed expressions that parse and are bounded.
 * Paths point into the definition (`/schema/properties/...`).
 */
export function lintForm(definition: { schema: SchemaNode; uiSchema?: Record<string, unknown> }): LintIssue[] {
  const issues: LintIssue[] = [];
  if (!typesOf(definition.schema).includes('object')) issues.push({ path: '/schema', message: 'La racine du schéma doit être un objet (type « object »).' });
  for (const field of listFields(definition.schema)) {
    const at = `/schema${field.schemaPath}`;
    if (!field.title || !looksFrench(field.title)) issues.push({ path: at, message: `Le champ ${field.path} n’a pas de libellé (title).` });
    const target = field.types.includes('array') && field.node.items ? field.node.items : field.node;
    const values = closedValues(target);
    if (values && Array.isArray(target.enum)) {
      const labels = (target['x-cordee-enumLabels'] as Record<string, string> | undefined) ?? {};
      const missing = values.filter((v) => v !== null && !labels[String(v)]);
      if (missing.length > 0) issues.push({ path: at, message: `Valeurs sans libellé pour ${field.path} : ${missing.join(', ')} (x-cordee-enumLabels ou oneOf avec title).` });
    } else if (values && Array.isArray(target.oneOf)) {
      if (target.oneOf.some((b) => typeof b.title !== 'string' || !b.title)) issues.push({ path: at, message: `Chaque valeur de ${field.path} doit avoir un libellé (title).` });
    }
    const widget = field.node['x-cordee-widget'];
    if (typeof widget === 'string' && !registeredWidgets.has(widget)) issues.push({ path: `${at}/x-cordee-widget`, message: `Le widget « ${widget} » n’est pas enregistré.` });
    if (field.computed) {
      const problem = expressionProblem(field.computed);
      if (problem) issues.push({ path: `${at}/x-cordee-computed`, message: problem.message });
      if (field.required) issues.push({ path: at, message: `Un champ calculé (${field.path}) ne peut pas être obligatoire : il est rempli par le serveur.` });
    }
  }
  const walkUi = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'ui:widget' && typeof value === 'string' && !registeredWidgets.has(value)) issues.push({ path: `${path}/ui:widget`, message: `Le widget « ${value} » n’est pas enregistré.` });
      else walkUi(value, `${path}/${key}`);
    }
  };
  walkUi(definition.uiSchema ?? {}, '/uiSchema');
  return issues;
}

/** Grid-specific checks: items on known scales with a stored answer field, scores and alerts that parse, bands on known scores. */
export function lintGrid(definition: GridScoring & { schema: SchemaNode; uiSchema?: Record<string, unknown> }): LintIssue[] {
  const issues = lintForm(definition);
  const scales = new Set(definition.scales.map((s) => s.id));
  const answerPath = definition.itemAnswerPath ?? '/items/{item}/niveau';
  definition.items.forEach((item, i) => {
    if (!scales.has(item.scale)) issues.push({ path: `/items/${i}/scale`, message: `L’échelle « ${item.scale} » n’existe pas.` });
    const schemaPath = answerPath
      .replace('{item}', item.id)
      .split('/')
      .slice(1)
      .map((p) => `/properties/${p}`)
      .join('');
    if (getAtPointer(definition.schema, schemaPath) === undefined) issues.push({ path: `/items/${i}`, message: `La réponse de l’item « ${item.id} » n’a pas de champ dans le schéma (${answerPath.replace('{item}', item.id)}).` });
  });
  const ids = new Set<string>();
  for (const [i, s] of definition.items.entries()) {
    if (ids.has(s.id)) issues.push({ path: `/items/${i}/id`, message: `L’item « ${s.id} » est en double.` });
    ids.add(s.id);
  }
  const scores = new Set<string>();
  definition.scores.forEach((score, i) => {
    const problem = expressionProblem(score.expression);
    if (problem) issues.push({ path: `/scores/${i}/expression`, message: problem.message });
    if (scores.has(score.id)) issues.push({ path: `/scores/${i}/id`, message: `Le score « ${score.id} » est en double.` });
    scores.add(score.id);
  });
  definition.bands.forEach((band, i) => {
    if (!scores.has(band.score)) issues.push({ path: `/bands/${i}/score`, message: `Le score « ${band.score} » n’existe pas.` });
  });
  definition.alerts.forEach((alert, i) => {
    const problem = expressionProblem(alert.condition);
    if (problem) issues.push({ path: `/alerts/${i}/condition`, message: problem.message });
  });
  return issues;
}

export interface GridChange {
  kind: 'score_changed' | 'score_removed' | 'score_added' | 'band_changed' | 'scale_changed';
  path: string;
  message: string;
}

/** Changes of the scoring that make a new grid not directly comparable with earlier ones. */
export function compareGridScoring(previous: GridScoring, next: GridScoring): GridChange[] {
  const changes: GridChange[] = [];
  const before = new Map(previous.scores.map((s) => [s.id, s]));
  const after = new Map(next.scores.map((s) => [s.id, s]));
  for (const [id, s] of before) {
    const n = after.get(id);
    if (!n) changes.push({ kind: 'score_removed', path: `/scores/${id}`, message: `Le score « ${s.label} » est retiré : il ne sera plus comparable.` });
    else if (n.expression !== s.expression || (n.decimals ?? 2) !== (s.decimals ?? 2)) changes.push({ kind: 'score_changed', path: `/scores/${id}`, message: `Le calcul du score « ${s.label} » change : les comparaisons avec les grilles précédentes sont à lire avec prudence.` });
  }
  for (const [id, s] of after) if (!before.has(id)) changes.push({ kind: 'score_added', path: `/scores/${id}`, message: `Nouveau score « ${s.label} ».` });
  const bandKey = (g: GridScoring) => new Map(g.bands.map((b) => [b.score, JSON.stringify(b.ranges)]));
  const bb = bandKey(previous);
  for (const [score, ranges] of bandKey(next)) if (bb.get(score) !== ranges) changes.push({ kind: 'band_changed', path: `/bands/${score}`, message: `Les seuils du score « ${score} » changent.` });
  const scaleKey = (g: GridScoring) => new Map(g.scales.map((s) => [s.id, JSON.stringify(s.options)]));
  const sb = scaleKey(previous);
  for (const [id, options] of scaleKey(next)) if (sb.has(id) && sb.get(id) !== options) changes.push({ kind: 'scale_changed', path: `/scales/${id}`, message: `Les niveaux de l’échelle « ${id} » changent.` });
  return changes;
}
