import { parentPort } from 'node:worker_threads';
import { parseIsoDuration } from '../engine/core/src/workflow/deadlines';
const typed: number = 1;
parentPort!.on('message', (m: { x: number }) => parentPort!.postMessage({ y: m.x + typed, d: parseIsoDuration('P1D') }));
