/**
 * Architecture rules (ADR 0001): imports point one way,
 * metadata <- engine/core <- engine/db, engine/plugin-sdk <- engine/server; plugins see only the
 * plugin SDK and the contract; nothing imports test/. Run by `npm run deps:check`.
 * Workspace packages (`@cordee/*`) resolve through their node_modules symlinks to the TS sources,
 * so a rule on a folder also catches imports written as package names.
 */
const ours = '^(metadata|engine|seeds|plugins|test)/';
const productionCode = {
  path: '^(metadata|engine|seeds|plugins|runtime-ui)/',
  pathNot: ['\\.test\\.ts$', '^metadata/scripts/', '/testing/'],
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'metadata-imports-nothing-of-ours',
      comment: 'metadata is the contract: it depends on no other workspace.',
      severity: 'error',
      from: { path: '^metadata/' },
      to: { path: ours, pathNot: '^metadata/' },
    },
    {
      name: 'core-imports-only-metadata',
      comment: 'engine/core is pure domain logic: it may import metadata only.',
      severity: 'error',
      from: { path: '^engine/core/' },
      to: { path: ours, pathNot: ['^engine/core/', '^metadata/'] },
    },
    {
      name: 'core-does-no-io',
      comment: 'engine/core does no IO: no database driver, query builder, web framework, logger or HTTP client.',
      severity: 'error',
      from: { path: '^engine/core/' },
      to: {
        path: [
          'node_modules/(knex|pg|pg-[^/]+|objection|express|pino|pino-http|helmet|undici|node-fetch|axios|got)/',
          '^(node:)?(http|https|http2|net|tls|dgram|child_process)$',
        ],
      },
    },
    {
      name: 'db-imports-only-core-and-metadata',
      comment: 'engine/db adapts PostgreSQL for the domain: it may import engine/core and metadata.',
      severity: 'error',
      from: { path: '^engine/db/' },
      to: { path: ours, pathNot: ['^engine/db/', '^engine/core/', '^metadata/'] },
    },
    {
      name: 'db-has-no-web-framework',
      severity: 'error',
      from: { path: '^engine/db/' },
      to: { path: 'node_modules/(express|helmet|pino-http)/' },
    },
    {
      name: 'plugin-sdk-imports-only-metadata-and-core',
      comment: 'engine/plugin-sdk is all a plugin sees: metadata, and engine/core for shared types.',
      severity: 'error',
      from: { path: '^engine/plugin-sdk/' },
      to: { path: ours, pathNot: ['^engine/plugin-sdk/', '^engine/core/', '^metadata/'] },
    },
    {
      name: 'plugins-import-only-sdk-and-metadata',
      comment: 'A plugin uses the plugin SDK and the contract, never engine internals nor the database.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: ours, pathNot: ['^plugins/', '^engine/plugin-sdk/', '^metadata/'] },
    },
    {
      name: 'plugins-do-not-import-each-other',
      comment: 'A plugin declares what it requires instead of importing another plugin.',
      severity: 'error',
      from: { path: '^plugins/([^/]+)/' },
      to: { path: '^plugins/', pathNot: '^plugins/$1/' },
    },
    {
      name: 'runtime-ui-reaches-the-server-over-http',
      comment: 'The runtime UI talks to the server over HTTP only: no engine, seeds, plugins or tests in the browser bundle.',
      severity: 'error',
      from: { path: '^runtime-ui/' },
      to: { path: '^(engine|seeds|plugins|test|designer)/' },
    },
    {
      name: 'runtime-ui-uses-only-contract-types',
      comment: 'Of the contract, the runtime UI uses the generated API types only, as type-only imports (erased from the bundle).',
      severity: 'error',
      from: { path: '^runtime-ui/' },
      to: { path: '^metadata/', pathNot: '^metadata/generated/api/' },
    },
    {
      name: 'runtime-ui-imports-contract-types-only',
      comment: 'Type-only: nothing of the contract runs in the browser.',
      severity: 'error',
      from: { path: '^runtime-ui/' },
      to: { path: '^metadata/generated/api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-test',
      comment: 'test/ holds cross-package suites and helpers; production code and unit tests never import them.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-dev-dependencies-in-production',
      comment: 'Production code may not rely on a devDependency: it is absent from a production install.',
      severity: 'error',
      from: productionCode,
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-undeclared-dependencies',
      comment: 'Every package imported must be declared in package.json.',
      severity: 'error',
      from: { path: '^(metadata|engine|seeds|plugins|runtime-ui)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(metadata|seeds|runtime-ui|engine/[a-z-]+|plugins/[a-z-]+)/dist/' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
