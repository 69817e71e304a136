/**
 * The external service the demonstration plugin calls, played on loopback: it records every call
 * with its idempotency key, answers the same receipt to a repeated key (as a national service
 * absorbs a retried call), and can be told to fail.
 */
import { type Server, createServer } from 'node:http';

export interface DemoService {
  url: string;
  /** Calls received, in order, by idempotency key. */
  calls: string[];
  /** Receipts issued: one per key whatever the number of calls. */
  receipts: Map<string, string>;
  /** The next `n` calls answer 503. */
  failNext(n: number): void;
  /** Every call answers 503 until told otherwise. */
  failAlways(on: boolean): void;
  /** Answers each call after `ms` (a slow national service). */
  delay(ms: number): void;
  /** Calls received and not answered yet. */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startDemoService(port = 0): Promise<DemoService> {
  const calls: string[] = [];
  const receipts = new Map<string, string>();
  let failures = 0;
  let always = false;
  let delayMs = 0;
  let pending = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', async () => {
      const key = String((JSON.parse(body || '{}') as { idempotencyKey?: string }).idempotencyKey ?? req.headers['idempotency-key'] ?? '');
      calls.push(key);
      pending++;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      pending--;
      if (always || failures > 0) {
        failures = Math.max(0, failures - 1);
        res.writeHead(503).end();
        return;
      }
      if (!receipts.has(key)) receipts.set(key, `R-${receipts.size + 1}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ receipt: receipts.get(key) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/receipts`,
    calls,
    receipts,
    failNext: (n) => {
      failures = n;
    },
    failAlways: (on) => {
      always = on;
    },
    delay: (ms) => {
      delayMs = ms;
    },
    inFlight: () => pending,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
