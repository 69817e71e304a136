/** Jest: pure unit tests, integration tests over HTTP with real PostgreSQL, browser tests of the runtime UI. */
const transform = { '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] };
// ES-module-only dependencies are compiled to CommonJS for jest (Node loads them natively at run time).
const esmPackages = ['feelin', 'lezer-feel', '@lezer', 'min-dash', 'temporal-polyfill', 'temporal-utils', 'bpmn-moddle', 'moddle', 'moddle-xml', 'saxen', '@bpmn-io'];
const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join('|')})/)`];
const common = { transform, transformIgnorePatterns, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'] };
module.exports = {
  // a global option: jest ignores it inside a project entry
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{metadata,engine,seeds,plugins}/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    // the runtime UI in Debian's chromium (installed by the setup when missing) against the product as a process, started once for all files
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
      globalTeardown: '<rootDir>/test/browser/global-teardown.ts',
    },
  ],
};
