import type { SchemaNode } from '../forms/schema-fields';
import { frenchDate, frenchDateTime, frenchNumber } from './french-format';

type Json = Record<string, unknown>;

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapeMap[c]!);

/** The label of a closed-list value: `x-cordee-enumLabels`, or the title of its `oneOf` branch. */
function enumLabel(node: SchemaNode | undefined, value: unknown): string | null {
  if (!node) return null;
  const labels = node['x-cordee-enumLabels'] as Record<string, string> | undefined;
  if (labels && typeof value === 'string' && typeof labels[value] === 'string') return labels[value];
  const branch = Array.isArray(node.oneOf) ? node.oneOf.find((b) => b && b.const === value) : undefined;
  return typeof branch?.title === 'string' ? branch.title : null;
}

/** One scalar answer as a French reader sees it: labels of codes, Oui/Non, French dates and numbers. */
export function displayScalar(node: SchemaNode | undefined, value: unknown): string {
  const label = enumLabel(node, value);
  if (label !== null) return label;
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (typeof value === 'number') return frenchNumber(value);
  if (typeof value === 'string') {
    if (node?.format === 'date') return frenchDate(value);
    if (node?.format === 'date-time') return frenchDateTime(value);
    return value;
  }
  if (value && typeof value === 'object' && typeof (value as Json).attachmentId === 'string') return 'Pièce jointe au dossier';
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The answers with every value made readable (same shape as the answers): what templates show
 * with `{{display.field}}`, while `{{data.field}}` keeps the stored code.
 */
export function displayAnswers(schema: SchemaNode | undefined, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = schema?.items;
    if (items && !isObject(value[0])) return value.map((v) => displayScalar(items, v)).join(', ');
    return value.map((v) => displayAnswers(items, v));
  }
  if (isObject(value) && typeof value.attachmentId !== 'string') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayAnswers(schema?.properties?.[k], v)]));
  }
  return displayScalar(schema, value);
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

/** Keys of an object answer in the order of the form, then any answer the form does not describe. */
function orderedKeys(schema: SchemaNode | undefined, value: Json): string[] {
  const declared = Object.keys(schema?.properties ?? {});
  return [...declared.filter((k) => k in value), ...Object.keys(value).filter((k) => !declared.includes(k))];
}

function rowsOf(schema: SchemaNode | undefined, value: Json, depth: number): string {
  let html = '';
  for (const key of orderedKeys(schema, value)) {
    const v = value[key];
    if (isEmpty(v)) continue;
    const node = schema?.properties?.[key];
    const title = escapeHtml(node?.title ?? key);
    if (Array.isArray(v) && isObject(v[0])) {
      v.forEach((item, i) => {
        html += `<tr><th colspan="2">${title} — n° ${i + 1}</th></tr>`;
        if (isObject(item)) html += rowsOf(node?.items, item, depth + 1);
      });
    } else if (isObject(v) && typeof v.attachmentId !== 'string') {
      html += `<tr><th colspan="2">${title}</th></tr>${rowsOf(node, v, depth + 1)}`;
    } else {
      const shown = Array.isArray(v) ? v.map((x) => displayScalar(node?.items, x)).join(', ') : displayScalar(node, v);
      html += `<tr><td>${'— '.repeat(depth)}${title}</td><td>${escapeHtml(shown)}</td></tr>`;
    }
  }
  return html;
}

/** Every answer as an HTML table, in the order and with the titles of the form (values escaped). */
export function answersTableHtml(schema: SchemaNode | undefined, data: Json): string {
  const rows = rowsOf(schema, data, 0);
  return rows ? `<table class="answers">${rows}</table>` : '<p><em>Aucune réponse.</em></p>';
}
