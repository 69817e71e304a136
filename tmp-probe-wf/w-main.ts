import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
const w = new Worker(join(__dirname, 'w-worker.cjs'));
w.on('message', (m) => { console.log('got', m); w.terminate(); });
w.on('error', (e) => { console.log('error', e.message); });
w.postMessage({ x: 1 });
