/**
 * `npm run bench`: the performance figures of the issues, measured on this machine and printed.
 * Each figure is printed with its target; the run exits 0 whatever the figures (benchmarks inform,
 * tests decide), and writes them to bench-results.json for the issue notes.
 */
import { writeFileSync } from 'node:fs';
import { startBenchEnvironment } from './environment';
import { type Figure, benchEffective, benchPublishReport } from './metadata.bench';
import { benchPermissions } from './permissions.bench';
import { benchSubmissions } from './submission.bench';
import { benchWorkflow } from './workflow.bench';

const format = (f: Figure) => `${f.ok ? 'OK  ' : 'MISS'} ${f.name.padEnd(62)} ${f.value.toFixed(f.value < 10 ? 3 : 1).padStart(10)} ${f.unit.padEnd(22)} target ${f.target}`;

async function main(): Promise<void> {
  const env = await startBenchEnvironment();
  const figures: Figure[] = [];
  const only = process.argv.slice(2);
  const wanted = (name: string) => only.length === 0 || only.includes(name);
  try {
    if (wanted('metadata')) {
      figures.push(await benchPublishReport(env));
      figures.push(...(await benchEffective(env)));
      figures.slice(-4).forEach((f) => console.log(format(f)));
    }
    if (wanted('submissions')) {
      const measured = await benchSubmissions(env);
      figures.push(...measured);
      measured.forEach((f) => console.log(format(f)));
    }
    // before the permissions figures: their bulk load (a million rows) leaves PostgreSQL busy for minutes
    if (wanted('workflow')) {
      const measured = await benchWorkflow(env);
      figures.push(...measured);
      measured.forEach((f) => console.log(format(f)));
    }
    if (wanted('permissions')) {
      const measured = await benchPermissions(env);
      figures.push(...measured);
      measured.forEach((f) => console.log(format(f)));
    }
  } finally {
    await env.stop();
  }
  writeFileSync('bench-results.json', `${JSON.stringify({ measuredAt: new Date().toISOString(), figures }, null, 2)}\n`);
  console.log('\nFigures written to bench-results.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
