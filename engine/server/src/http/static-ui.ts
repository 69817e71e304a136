import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express } from 'express';

/** Where `vite build` writes the runtime UI (runtime-ui/dist at the root of the repository). */
export const RUNTIME_UI_DIR = resolve(__dirname, '..', '..', '..', '..', 'runtime-ui', 'dist');

/**
 * Serves the built runtime UI on the API's port: hashed assets cached for a year, and the
 * application's page for every other GET outside `/api` (the UI routes in the browser).
 * Without a build (`npm start` builds it), only the API answers.
 */
export function serveRuntimeUi(app: Express, dir: string = RUNTIME_UI_DIR): void {
  const page = join(dir, 'index.html');
  if (!existsSync(page)) return;
  app.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use(express.static(dir, { index: false }));
  app.get(/^\/(?!api(\/|$)|assets\/).*/, (_req, res) => {
    res.sendFile(page);
  });
}
