/**
 * Names a statement run on every request of a hot path, so that PostgreSQL parses and plans it
 * once per connection (a named prepared statement) instead of at each call: planning a join costs
 * more than running it. The SQL text under a name must never vary, so a statement whose text
 * depends on its input (rows inserted, optional columns) carries that shape in its name, e.g.
 * `prepared(q, `history_${rows.length}`)` — and is left unnamed when the shapes are unbounded.
 */
export function prepared<Q extends { options(options: Readonly<Record<string, unknown>>): Q }>(query: Q, name: string): Q {
  return query.options({ name: `cordee_${name}` });
}

/** Multi-row inserts are prepared up to this many rows (one statement per row count). */
export const MAX_PREPARED_ROWS = 8;
