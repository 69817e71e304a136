/** Publishing forms, grids and profiles through the metadata API, as a quality manager (responsable qualité). */
import { createUser } from './fixtures';
import type { HttpClient } from './http-client';
import type { TestServer } from './test-server';

export type MetadataKind = 'forms' | 'grids' | 'profiles';

export interface Publisher {
  /** Saves the draft and publishes it; returns the published version (fails the test on anything else). */
  publish(kind: MetadataKind, key: string, definition: Record<string, unknown>): Promise<string>;
}

export async function qualityManager(server: TestServer, login: string): Promise<Publisher> {
  const user = await createUser(server.db, login, [{ profile: 'responsable_qualite' }]);
  const client: HttpClient = server.client();
  const response = await client.login(user.login, user.password);
  if (response.status !== 200) throw new Error(`login of ${login} failed: ${response.status}`);
  return {
    publish: async (kind, key, definition) => {
      const draft = await client.put(`/api/metadata/${kind}/${key}/draft`, definition);
      if (draft.status !== 200) throw new Error(`draft of ${key} refused: ${draft.status} ${draft.text}`);
      const published = await client.post(`/api/metadata/${kind}/${key}/publish`);
      if (published.status !== 201) throw new Error(`publication of ${key} refused: ${published.status} ${published.text}`);
      return published.body.version as string;
    },
  };
}
