/* TEMPORARY (performance helper): knex builder vs raw vs named vs pg */
import { createDb } from '@cordee/db';
async function main() {
  const db = createDb(`postgres://cordee:cordee-embedded@127.0.0.1:${process.argv[2]}/postgres`, { poolMax: 8 });
  await db.raw('create table if not exists t_k (id uuid primary key, a text, b int, c jsonb)');
  await db.raw('truncate t_k');
  const { randomUUID } = await import('node:crypto');
  const variants: Record<string, (i: number) => Promise<unknown>> = {
    builderSelect: (i) => db('t_k as t').where('t.id', randomUUID()).where('t.b', i).first('t.id', 't.a as aa', 't.b', 't.c'),
    rawSelect: (i) => db.raw('select t.id, t.a as aa, t.b, t.c from t_k as t where t.id = ? and t.b = ? limit 1', [randomUUID(), i]),
    namedSelect: (i) => db.raw('select t.id, t.a as aa, t.b, t.c from t_k as t where t.id = ? and t.b = ? limit 1', [randomUUID(), i]).options({ name: 'sel1' }),
    pgDirect: async (i) => { const c = await db.client.acquireConnection(); try { return await c.query({ name: 'sel2', text: 'select t.id, t.a as aa, t.b, t.c from t_k as t where t.id = $1 and t.b = $2 limit 1', values: [randomUUID(), i] }); } finally { await db.client.releaseConnection(c); } },
    builderInsert: (i) => db('t_k').insert({ id: randomUUID(), a: 'x', b: i, c: JSON.stringify({ i }) }),
    rawInsert: (i) => db.raw('insert into t_k (id, a, b, c) values (?, ?, ?, ?)', [randomUUID(), 'x', i, JSON.stringify({ i })]),
  };
  for (const [name, fn] of Object.entries(variants)) {
    const go = async (n: number) => Promise.all(Array.from({ length: 8 }, async () => { for (let i = 0; i < n / 8; i++) await fn(i); }));
    await go(2000);
    const c = process.cpuUsage(); await go(8000); const u = process.cpuUsage(c);
    console.log(name.padEnd(14), 'µs CPU/query', ((u.user + u.system) / 8000).toFixed(1));
  }
  await db.destroy();
}
main();
