// TEMPORARY (performance helper)
const { Worker } = require('node:worker_threads');
const c = process.cpuUsage();
const w = new Worker(`require('tsx/cjs'); require('${__dirname}/zz-engine-step.ts');`, { eval: true });
w.on('exit', () => { const u = process.cpuUsage(c); console.log('process cpu s', ((u.user + u.system) / 1e6).toFixed(2)); });
