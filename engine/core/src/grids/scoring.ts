import { evaluateExpression } from '../expressions/feel';
import { getAtPointer } from '../forms/json-pointer';

/** The scoring part of a grid definition (metadata/schemas/metadata/grid.schema.json). */
export interface GridScoring {
  scales: Array<{ id: string; label: string; options: Array<{ value: string; label: string; weight?: number; notEvaluated?: boolean }> }>;
  items: Array<{ id: string; label: string; scale: string; domain: string }>;
  scores: Array<{ id: string; label: string; expression: string; decimals?: number }>;
  bands: Array<{ score: string; ranges: Array<{ min?: number; max?: number; label: string; level?: string }> }>;
  alerts: Array<{ id: string; condition: string; message: string; level?: string }>;
  /** Where an item's answer lives in the data; `{item}` is replaced by the item id. Default `/items/{item}/niveau`. */
  itemAnswerPath?: string;
}

export interface GridResult {
  /** Weight of each item, null when not evaluated (or not answered). */
  items: Record<string, number | null>;
  scores: Record<string, number | null>;
  bands: Record<string, { label: string; level: string | null } | null>;
  alerts: Array<{ id: string; message: string; level: string | null }>;
  evaluated: number;
  total: number;
  /** evaluated / total, 2 decimals. */
  completeness: number;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

function itemWeight(grid: GridScoring, itemId: string, scaleId: string, data: unknown): number | null {
  const path = (grid.itemAnswerPath ?? '/items/{item}/niveau').replace('{item}', itemId);
  const answer = getAtPointer(data, path);
  if (answer === undefined || answer === null) return null;
  const option = grid.scales.find((s) => s.id === scaleId)?.options.find((o) => o.value === String(answer));
  if (!option || option.notEvaluated || typeof option.weight !== 'number') return null;
  return option.weight;
}

/**
 * Scores a grid from its answers: item weights ("non évalué" excluded), scores in their order of
 * definition (each may use the previous ones), bands, then alerts. Always computed on the server;
 * a score whose items are all "non évalué" is null, never 0.
 */
export function scoreGrid(grid: GridScoring, data: unknown): GridResult {
  const items: Record<string, number | null> = {};
  const domains: Record<string, number[]> = {};
  for (const item of grid.items) {
    const weight = itemWeight(grid, item.id, item.scale, data);
    items[item.id] = weight;
    domains[item.domain] ??= [];
    if (weight !== null) domains[item.domain]!.push(weight);
  }
  const weights = Object.values(items).filter((w): w is number => w !== null);
  const evaluated = weights.length;
  const total = grid.items.length;
  const completeness = total === 0 ? 0 : round(evaluated / total, 2);
  const scores: Record<string, number | null> = {};
  const context = () => ({ items, domains, weights, scores, evaluated, total, completeness, answers: data });
  for (const score of grid.scores) {
    const value = evaluateExpression(score.expression, context());
    scores[score.id] = typeof value === 'number' && Number.isFinite(value) ? round(value, score.decimals ?? 2) : null;
  }
  const bands: GridResult['bands'] = {};
  for (const band of grid.bands) {
    const value = scores[band.score];
    const range = value === null || value === undefined ? undefined : band.ranges.find((r) => (r.min === undefined || value >= r.min) && (r.max === undefined || value <= r.max));
    bands[band.score] = range ? { label: range.label, level: range.level ?? null } : null;
  }
  const alerts: GridResult['alerts'] = [];
  for (const alert of grid.alerts) {
    if (evaluateExpression(alert.condition, { ...context(), bands }) === true) alerts.push({ id: alert.id, message: alert.message, level: alert.level ?? null });
  }
  return { items, scores, bands, alerts, evaluated, total, completeness };
}

export interface GridEvolution {
  items: Record<string, { before: number | null; after: number | null; delta: number | null }>;
  scores: Record<string, { before: number | null; after: number | null; delta: number | null }>;
  bandChanges: Array<{ score: string; before: string | null; after: string | null }>;
}

/** How a child's grid moved since the previous one (same grid key; versions may differ: only shared ids compare). */
export function compareGridResults(previous: GridResult, current: GridResult): GridEvolution {
  const diff = (a: Record<string, number | null>, b: Record<string, number | null>) =>
    Object.fromEntries(
      Object.keys(b)
        .filter((k) => Object.hasOwn(a, k))
        .map((k) => {
          const before = a[k] ?? null;
          const after = b[k] ?? null;
          return [k, { before, after, delta: before === null || after === null ? null : round(after - before, 2) }];
        }),
    );
  const bandChanges = Object.keys(current.bands)
    .filter((k) => Object.hasOwn(previous.bands, k) && previous.bands[k]?.label !== current.bands[k]?.label)
    .map((k) => ({ score: k, before: previous.bands[k]?.label ?? null, after: current.bands[k]?.label ?? null }));
  return { items: diff(previous.items, current.items), scores: diff(previous.scores, current.scores), bandChanges };
}
