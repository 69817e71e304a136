/* TEMPORARY (performance helper): cost of jsonb inserts, pglz vs lz4, with/without diff */
import { createDb } from '@cordee/db';
import { diffAnswers } from '@cordee/core';
import { wideFormAnswers } from './fixtures';
async function main() {
  const db = createDb(`postgres://cordee:cordee-embedded@127.0.0.1:${process.argv[2]}/postgres`, { poolMax: 4 });
  console.log((await db.raw(`select version()`)).rows[0].version);
  for (const comp of ['pglz']) {
    await db.raw(`drop table if exists t_rev; create table t_rev (id bigserial primary key, data jsonb, diff jsonb)`);
    try { await db.raw(`alter table t_rev alter column data set compression ${comp}, alter column diff set compression ${comp}`); } catch (e) { console.log(comp, 'unsupported', (e as Error).message); continue; }
    for (const withDiff of [true, false]) {
      const rows = Array.from({ length: 2000 }, (_, i) => { const d = wideFormAnswers(80, i); return [JSON.stringify(d), withDiff ? JSON.stringify(diffAnswers({}, d)) : '[]']; });
      await db.raw('select pg_stat_statements_reset()').catch(() => undefined);
      const t = Date.now();
      for (const [a, b] of rows) await db.raw('insert into t_rev (data, diff) values (?, ?)', [a!, b!]);
      const st = await db.raw(`select sum(total_exec_time) as ms from pg_stat_statements where query like 'insert into t_rev%'`).catch(() => ({ rows: [{ ms: null }] }));
      const size = await db.raw(`select avg(pg_column_size(data)) as d, avg(pg_column_size(diff)) as f, avg(octet_length(diff::text)) as raw from t_rev`);
      console.log(comp, 'diff', withDiff, 'wall/insert µs', ((Date.now() - t) * 1000 / 2000).toFixed(0), 'exec µs', (Number(st.rows[0].ms) * 1000 / 2000).toFixed(0), JSON.stringify(size.rows[0]));
      await db.raw('truncate t_rev');
    }
  }
  await db.destroy();
}
main();
