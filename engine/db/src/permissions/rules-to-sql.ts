import type { Knex } from 'knex';
import type { AppAbility } from '@cordee/core';

/** Subject field -> SQL column, per subject: the only fields rule conditions may reach (an allow-list). */
export type FieldColumns = Record<string, string>;

type Condition = Record<string, unknown>;
type Where = (qb: Knex.QueryBuilder) => void;

const OPS = new Set(['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte']);

export class UnsupportedConditionError extends Error {}

function column(columns: FieldColumns, field: string): string {
  const col = columns[field];
  if (!col) throw new UnsupportedConditionError(`field ${field} cannot be used in a rule condition`);
  return col;
}

function applyOperator(qb: Knex.QueryBuilder, col: string, op: string, value: unknown): void {
  switch (op) {
    case '$eq':
      if (value === null || value === undefined) qb.whereNull(col);
      else qb.where(col, value as never);
      return;
    case '$ne':
      if (value === null || value === undefined) qb.whereNotNull(col);
      else qb.where((q) => q.whereNot(col, value as never).orWhereNull(col));
      return;
    case '$in': {
      const list = Array.isArray(value) ? value : [];
      if (list.length === 0) qb.whereRaw('false');
      else {
        const nonNull = list.filter((v) => v !== null && v !== undefined);
        qb.where((q) => {
          if (nonNull.length > 0) q.whereIn(col, nonNull as never[]);
          if (nonNull.length < list.length) q.orWhereNull(col);
        });
      }
      return;
    }
    case '$nin': {
      const list = (Array.isArray(value) ? value : []).filter((v) => v !== null && v !== undefined);
      if (list.length > 0) qb.where((q) => q.whereNotIn(col, list as never[]).orWhereNull(col));
      return;
    }
    default: {
      const sqlOp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
      if (!sqlOp) throw new UnsupportedConditionError(`operator ${op}`);
      qb.where(col, sqlOp, value as never);
    }
  }
}

function conditionToWhere(condition: Condition, columns: FieldColumns): Where {
  return (qb) => {
    for (const [key, value] of Object.entries(condition)) {
      if (key === '$and' || key === '$or') {
        const parts = (value as Condition[]).map((c) => conditionToWhere(c, columns));
        if (parts.length === 0) {
          if (key === '$or') qb.whereRaw('false');
          continue;
        }
        qb.where((outer) => {
          for (const part of parts) (key === '$and' ? outer.where(part) : outer.orWhere(part));
        });
        continue;
      }
      const col = column(columns, key);
      const isOperatorObject = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).every((k) => k.startsWith('$'));
      if (!isOperatorObject) {
        applyOperator(qb, col, '$eq', value);
        continue;
      }
      for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
        if (!OPS.has(op)) throw new UnsupportedConditionError(`operator ${op}`);
        applyOperator(qb, col, op, operand);
      }
    }
  };
}

export type AccessFilter = { kind: 'nothing' } | { kind: 'everything' } | { kind: 'some'; where: Where };

/**
 * The SQL form of "rows this ability allows for this action": CASL's semantics (rules in priority
 * order, a later inverted rule masks the earlier allowing ones) as one WHERE clause. The explicit
 * `nothing`/`everything` cases let callers skip the query or the clause.
 */
export function accessFilter(ability: AppAbility, action: string, subject: string, columns: FieldColumns): AccessFilter {
  const rules = ability.rulesFor(action, subject);
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
