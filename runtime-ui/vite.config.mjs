import { defineConfig } from 'vite';

/** The runtime UI: built into dist/ and served by the engine on the API's port (no inline script: strict CSP). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // rjsf marks its hooks 'use client' (React Server Components): meaningless in this client-only bundle
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
