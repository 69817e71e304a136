import type { Knex } from 'knex';
import type { AppAbility } from '@cordee/core';

/**
 * Subject field -> SQL column, per subject: the only fields rule conditions may reach (an
 * allow-list). Conditions never name another table: relations (the care team, break-glass grants,
 * the usager's own dossiers) are resolved into id lists when the user is authenticated and reach
 * the rules as placeholders (`{ id: { $in: { $ctx: 'careTeamDossierIds' } } }`), so this
 * interpreter compares the subject's own columns with values and never joins arbitrary tables
 * (docs/adr/0005-relations-in-permission-conditions.md).
 */
export type FieldColumns = Record<string, string>;

type Condition = Record<string, unknown>;
type Where = (qb: Knex.QueryBuilder) => void;

const OPS = new Set(['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte']);

export class UnsupportedConditionError extends Error {}

function column(columns: FieldColumns, field: string): string {
  const col = Object.hasOwn(columns, field) ? columns[field] : undefined;
  if (!col) throw new UnsupportedConditionError(`field ${field} cannot be used in a rule condition`);
  return col;
}

/**
 * Every comparison is written so that it is never NULL (SQL's third value): a NULL column makes
 * it plainly false (or true for the negative operators), as in memory. That is what lets a deny
 * rule be negated with NOT safely.
 */
function applyOperator(qb: Knex.QueryBuilder, col: string, op: string, value: unknown): void {
  const isNull = value === null || value === undefined;
  switch (op) {
    case '$eq':
      if (isNull) qb.whereNull(col);
      else qb.where((q) => q.where(col, value as never).whereNotNull(col));
      return;
    case '$ne':
      if (isNull) qb.whereNotNull(col);
      else qb.where((q) => q.whereNot(col, value as never).orWhereNull(col));
      return;
    case '$in': {
      const list = Array.isArray(value) ? value : [];
      const nonNull = list.filter((v) => v !== null && v !== undefined);
      const includesNull = nonNull.length < list.length;
      if (list.length === 0) qb.whereRaw('false');
      else
        qb.where((q) => {
          if (nonNull.length > 0) q.where((inner) => inner.whereIn(col, nonNull as never[]).whereNotNull(col));
          if (includesNull) q.orWhereNull(col);
        });
      return;
    }
    case '$nin': {
      const list = Array.isArray(value) ? value : [];
      const nonNull = list.filter((v) => v !== null && v !== undefined);
      const excludesNull = nonNull.length < list.length;
      if (excludesNull) qb.whereNotNull(col);
      if (nonNull.length > 0) {
        if (excludesNull) qb.whereNotIn(col, nonNull as never[]);
        else qb.where((q) => q.whereNotIn(col, nonNull as never[]).orWhereNull(col));
      } else if (!excludesNull) qb.whereRaw('true'); // knex drops empty groups: say "no restriction" explicitly
      return;
    }
    default: {
      const sqlOp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
      if (!sqlOp) throw new UnsupportedConditionError(`operator ${op}`);
      if (isNull) qb.whereRaw('false');
      else qb.where((q) => q.where(col, sqlOp, value as never).whereNotNull(col));
    }
  }
}

/**
 * One rule's conditions as a WHERE builder: every field must match (AND). Only the operators
 * CASL's default matcher knows are accepted, so SQL and the in-memory check speak the same
 * language; alternatives are written as several rules. Fields are resolved now, so an
 * unsupported condition fails when the filter is built, not later.
 */
function conditionToWhere(condition: Condition, columns: FieldColumns): Where {
  const parts: Array<{ col: string; op: string; operand: unknown }> = [];
  for (const [key, value] of Object.entries(condition)) {
    const col = column(columns, key);
    const isOperatorObject = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).every((k) => k.startsWith('$'));
    if (!isOperatorObject) {
      parts.push({ col, op: '$eq', operand: value });
      continue;
    }
    for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
      if (!OPS.has(op)) throw new UnsupportedConditionError(`operator ${op}`);
      parts.push({ col, op, operand });
    }
  }
  return (qb) => {
    if (parts.length === 0) qb.whereRaw('true');
    for (const part of parts) applyOperator(qb, part.col, part.op, part.operand);
  };
}

export type AccessFilter = { kind: 'nothing' } | { kind: 'everything' } | { kind: 'some'; where: Where };

/**
 * The SQL form of "rows this ability allows for this action": CASL's semantics (rules in priority
 * order, a later inverted rule masks the earlier allowing ones) as one WHERE clause. The explicit
 * `nothing`/`everything` cases let callers skip the query or the clause. With a field (e.g.
 * `category:health`), only the rules that grant or deny that field count: the rows on which the
 * field may be shown, for a `CASE WHEN` around its column (docs/adr/0006-field-permissions.md).
 */
export function accessFilter(ability: AppAbility, action: string, subject: string, columns: FieldColumns, field?: string): AccessFilter {
  const rules = ability.rulesFor(action, subject, field);
  const grants: Where[] = [];
  const deniesSoFar: Where[] = [];
  for (const rule of rules) {
    const conditions = rule.conditions as Condition | undefined;
    if (rule.inverted) {
      if (!conditions) break; // an unconditional deny masks every lower-priority grant
      deniesSoFar.push(conditionToWhere(conditions, columns));
      continue;
    }
    if (!conditions && deniesSoFar.length === 0) return { kind: 'everything' };
    const denies = [...deniesSoFar];
    const grant = conditions ? conditionToWhere(conditions, columns) : null;
    grants.push((qb) => {
      if (grant) qb.where(grant);
      for (const deny of denies) qb.whereNot(deny);
    });
  }
  if (grants.length === 0) return { kind: 'nothing' };
  return { kind: 'some', where: (qb) => qb.where((outer) => grants.forEach((g) => outer.orWhere(g))) };
}

/** Restricts a query to the rows allowed; returns false when nothing is allowed (the caller returns an empty page). */
export function applyAccessFilter(qb: Knex.QueryBuilder, filter: AccessFilter): boolean {
  if (filter.kind === 'nothing') return false;
  if (filter.kind === 'some') qb.where(filter.where);
  return true;
}
