/**
 * French dates and numbers for documents. Intl formatters are costly to build (≈ 15 times a
 * render, see design/measured.md): each is built once per process and reused.
 */
const dateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const shortDateFormat = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Paris' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day (`2026-04-03`) or an instant, as « 3 avril 2026 »; anything else unchanged. */
export function frenchDate(value: unknown, style: 'long' | 'short' = 'long'): string {
  if (value === null || value === undefined || value === '') return '';
  const format = style === 'short' ? shortDateFormat : dateFormat;
  if (typeof value === 'string' && DAY.test(value)) return format.format(new Date(`${value}T12:00:00Z`));
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? format.format(date) : String(value);
}

/** An instant as « 3 avril 2026 à 14:05 » (Paris time). */
export function frenchDateTime(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? String(value) : dateTimeFormat.format(date);
}

/** A number with French separators (« 1 234,5 »). */
export function frenchNumber(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return numberFormat.format(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return numberFormat.format(Number(value));
  return value === null || value === undefined ? '' : String(value);
}
