require('tsx/cjs');
require('./w-worker.ts');
