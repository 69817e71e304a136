/**
 * The V8 settings the server runs with (ADR 0022), given on node's command line: `npm start`
 * (package.json), the benchmarks and the tests that start the product all pass this list. V8 reads
 * the garbage collector's threading only when it starts, so these cannot be set from inside.
 *
 * - `--single-threaded-gc`: the collector works in the thread that allocates instead of helper
 *   threads. On the small machines the product runs on (2 cores shared with PostgreSQL), helpers
 *   compete for the same cores as the HTTP thread and the engine threads and cost more in total.
 * - `--no-allocation-site-pretenuring`: a request or an engine step keeps its objects alive across
 *   the young collections that happen while it runs, so V8 judged their allocation sites
 *   long-lived and allocated them straight in the old generation, where they die one step later
 *   and must be marked and compacted. Without it they die young, where collecting them is cheap.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--single-threaded-gc', '--no-allocation-site-pretenuring'];

/** The settings this process was started without (node's `execArgv`). */
export function missingNodeFlags(execArgv: readonly string[]): string[] {
  return SERVER_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
