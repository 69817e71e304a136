import type { TestUser } from './fixtures';
import type { HttpClient } from './http-client';
import type { TestServer } from './test-server';

/** A signed-in client per test user, opened at the first call and kept (a login costs an argon2 hash). */
export function sessions(server: TestServer): (user: TestUser) => Promise<HttpClient> {
  const clients = new Map<string, Promise<HttpClient>>();
  return (user) => {
    let client = clients.get(user.login);
    if (!client) {
      client = (async () => {
        const opened = server.client();
        const login = await opened.login(user.login, user.password);
        if (login.status !== 200) throw new Error(`login of ${user.login} failed: ${login.status}`);
        return opened;
      })();
      clients.set(user.login, client);
    }
    return client;
  };
}
