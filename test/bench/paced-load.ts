/**
 * An open-loop load: requests sent at a steady rate (one every 1/rate s, not in bursts) over a
 * pool of keep-alive connections, each latency counted from the instant the request was due — so
 * a request that waited for a free connection counts its wait (no coordinated omission). What
 * autocannon's `overallRate` does not do: it sends each connection's quota at the start of every
 * second, a burst at full concurrency, and corrects latencies assuming a 1 ms interval.
 * The first `settleS` seconds are sent at the same pace but not counted: the figures are those of
 * the steady state at that rate, not of the transient left by whatever ran before.
 */
import http from 'node:http';

export interface PacedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface PacedResult {
  sent: number;
  ok: number;
  failed: number;
  /** Answers per second over the run. */
  rate: number;
  p50: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function pacedLoad(options: {
  port: number;
  rate: number;
  durationS: number;
  /** Seconds sent at the rate before the measured `durationS`, not counted. */
  settleS?: number;
  connections: number;
  next: () => PacedRequest | null;
  onAnswer?: (status: number, body: string) => void;
}): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let sent = 0;
  const pending: Array<Promise<void>> = [];
  const interval = 1000 / options.rate;
  const start = performance.now();
  const measuredFrom = start + (options.settleS ?? 0) * 1000;
  const total = Math.round(options.rate * ((options.settleS ?? 0) + options.durationS));
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const request = options.next();
      if (!request) {
        failed++;
        resolve();
        return;
      }
      const counted = due >= measuredFrom;
      if (counted) sent++;
      const req = http.request({ host: '127.0.0.1', port: options.port, method: request.method, path: request.path, headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) }, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const success = res.statusCode !== undefined && res.statusCode < 300;
          if (!success) failed++;
          else if (counted) ok++;
          if (counted) latencies.push(performance.now() - due);
          options.onAnswer?.(res.statusCode ?? 0, body);
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(request.body);
    });
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(due));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - measuredFrom) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return { sent, ok, failed, rate: ok / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 };
}
