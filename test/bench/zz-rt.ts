/* TEMPORARY (performance helper): CPU per round trip, TCP vs unix socket */
import pg from 'pg';
async function run(cfg: pg.PoolConfig, label: string) {
  const pool = new pg.Pool({ ...cfg, max: 8 });
  const go = async (n: number) => { await Promise.all(Array.from({ length: 8 }, async () => { for (let i = 0; i < n / 8; i++) await pool.query('select $1::int as x', [i]); })); };
  await go(2000);
  const c = process.cpuUsage(); const t = Date.now();
  await go(16000);
  const u = process.cpuUsage(c);
  console.log(label, 'µs CPU per query', ((u.user + u.system) / 16000).toFixed(1), 'user', (u.user/16000).toFixed(1), 'sys', (u.system/16000).toFixed(1), 'wall/q µs', ((Date.now() - t) * 1000 / 16000).toFixed(1));
  await pool.end();
}
const [port, sock] = process.argv.slice(2);
(async () => {
  await run({ host: '127.0.0.1', port: Number(port), user: 'cordee', password: 'cordee-embedded', database: 'postgres' }, 'tcp ');
  if (sock) await run({ host: sock, port: Number(port), user: 'cordee', password: 'cordee-embedded', database: 'postgres' }, 'unix');
})();
