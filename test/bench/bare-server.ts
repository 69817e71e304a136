/**
 * The reference floor of issue 3: express + ajv + one INSERT, no authentication, no audit.
 * `tsx test/bench/bare-server.ts <databaseUrl> <port>`; prints READY when listening.
 */
import Ajv2020 from 'ajv/dist/2020';
import express from 'express';
import pg from 'pg';
import { wideFormDefinition } from './fixtures';

const [databaseUrl, port] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const validate = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true }).compile((wideFormDefinition(80) as { schema: object }).schema);
const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/bare/submissions', async (req, res) => {
  if (!validate(req.body.data)) {
    res.status(422).json({ errors: validate.errors });
    return;
  }
  const { rows } = await pool.query('insert into bench_bare_submission (data) values ($1) returning id', [JSON.stringify(req.body.data)]);
  res.status(201).json({ id: rows[0].id });
});
pool
  .query('create table if not exists bench_bare_submission (id bigserial primary key, data jsonb not null, created_at timestamptz not null default now())')
  .then(() => app.listen(Number(port), '127.0.0.1', () => process.stdout.write('READY\n')));
