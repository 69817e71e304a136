import type { Tx } from '@cordee/db';

const CHUNK = 1_000;

/**
 * What the stores do not set for demo records: the time they were written (a submission is dated
 * now when stored). Its revision keeps the time it was stored: revisions are immutable. One
 * statement per thousand records.
 */
export async function backdateDemoSubmissions(trx: Tx, rows: ReadonlyArray<{ submissionId: string; at: string }>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const values = chunk.map(() => '(?::uuid, ?::timestamptz)').join(', ');
    const bindings = chunk.flatMap((r) => [r.submissionId, r.at]);
    await trx.raw(`update submission s set created_at = v.at, updated_at = v.at from (values ${values}) as v(id, at) where s.id = v.id`, bindings);
  }
}
