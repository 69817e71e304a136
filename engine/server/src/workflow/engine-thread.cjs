// An engine thread (see engine-threads.ts): loads the TypeScript sources through tsx, as the server does.
require('tsx/cjs');
require('./engine-thread-main.ts');
