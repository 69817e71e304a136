/**
 * Portal accounts from the dossier page, in a real browser against the product with its demo
 * organisation (Ségur RU-5): the director opens an account for a child and reads its initial
 * password once; the young person, at first login, must choose their own password before seeing
 * their dossier in the portal; the director then revokes the account. Screenshots land in
 * test/browser/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { browserSuite } from './browser-suite';
import { SCREENSHOTS, describeViolations, login, screenshot, seriousViolations } from './ui-driver';

const { open, apiAs } = browserSuite();

interface Identity {
  birthName: string;
  usedName: string | null;
}

/** An admitted child of the director's establishment with no portal account yet (the demo's portal accounts stay untouched). */
async function childWithoutPortalAccount(): Promise<{ id: string; identity: Identity }> {
  const listed = (await apiAs('demo.directeur', 'GET', '/api/dossiers?status=admitted&limit=30')).body as { items: Array<{ id: string }> };
  for (const { id } of listed.items.slice().reverse()) {
    const accounts = await apiAs('demo.directeur', 'GET', `/api/dossiers/${id}/portal-accounts`);
    if (accounts.status === 200 && accounts.body.items.length === 0) {
      return { id, identity: (await apiAs('demo.directeur', 'GET', `/api/dossiers/${id}`)).body.identity as Identity };
    }
  }
  throw new Error('no admitted child without a portal account in the demo data');
}

describe('portal accounts', () => {
  it('the director opens one and reads its initial password once; the young person chooses a password at first login, then reads their dossier; the director revokes it', async () => {
    const child = await childWithoutPortalAccount();
    const loginName = `portail.${Date.now()}`;
    const displayName = 'Jeune du portail';
    const chosen = 'Ma-phrase-secrete-2026';

    const director = await open();
    await director.page.goto(`/dossiers/${child.id}`);
    await login(director.page, 'demo.directeur');
    const panel = director.page.locator('section', { has: director.page.getByRole('heading', { name: 'Accès au portail' }) });
    await panel.getByText('Aucun compte du portail n’est ouvert sur ce dossier.').waitFor();
    await panel.getByLabel('Pour').selectOption('usager');
    await panel.getByLabel('Nom affiché').fill(displayName);
    await panel.getByLabel('Identifiant de connexion').fill(loginName);
    await panel.getByRole('button', { name: 'Ouvrir le compte' }).click();
    const secret = panel.locator('code.initial-password');
    await secret.waitFor();
    const initialPassword = (await secret.innerText()).trim();
    expect(initialPassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    await expect(panel.innerText()).resolves.toContain('il ne sera plus jamais affiché');
    await expect(panel.getByRole('row', { name: new RegExp(displayName) }).innerText()).resolves.toMatch(/L’enfant ou le jeune[\s\S]*Première connexion à faire/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await panel.screenshot({ path: join(SCREENSHOTS, '14-portail-comptes.png') });
    expect(describeViolations(await seriousViolations(director.page))).toBe('');
    await panel.getByRole('button', { name: 'J’ai noté le mot de passe' }).click();
    expect(await secret.count()).toBe(0);

    const young = await open();
    await young.page.goto('/');
    await young.page.getByLabel('Identifiant').fill(loginName);
    await young.page.getByLabel('Mot de passe').fill(initialPassword);
    await young.page.getByRole('button', { name: 'Se connecter' }).click();
    await young.page.getByRole('heading', { name: 'Choisissez votre mot de passe' }).waitFor();
    await expect(young.page.locator('main').innerText()).resolves.toContain('au moins 12 caractères');
    // a password outside the rules is refused at its field, in French
    await young.page.getByLabel('Mot de passe reçu').fill(initialPassword);
    await young.page.getByLabel('Nouveau mot de passe', { exact: true }).fill('court');
    await young.page.getByLabel('Confirmez le nouveau mot de passe').fill('court');
    await young.page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
    await young.page.getByText('Le mot de passe doit comporter au moins 12 caractères.').waitFor();
    await screenshot(young.page, '15-choix-mot-de-passe');
    expect(describeViolations(await seriousViolations(young.page))).toBe('');
    await young.page.getByLabel('Nouveau mot de passe', { exact: true }).fill(chosen);
    await young.page.getByLabel('Confirmez le nouveau mot de passe').fill(chosen);
    await young.page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
    await young.page.getByRole('heading', { name: 'Mon dossier', level: 1 }).waitFor();
    expect(young.page.url()).toMatch(/\/portail$/);
    await young.page.getByRole('heading', { name: new RegExp((child.identity.usedName ?? child.identity.birthName).toUpperCase()), level: 2 }).waitFor();

    // the director's list says the first login is done; revoking asks for a confirmation
    await director.page.reload();
    const row = panel.getByRole('row', { name: new RegExp(displayName) });
    await expect(row.innerText()).resolves.toMatch(/Actif/);
    await row.getByRole('button', { name: `Retirer l’accès de ${displayName}` }).click();
    await row.getByRole('button', { name: 'Confirmer le retrait' }).click();
    await panel.getByRole('status').filter({ hasText: `L’accès de ${displayName} au dossier a été retiré.` }).waitFor();
    await panel.getByText('Aucun compte du portail n’est ouvert sur ce dossier.').waitFor();

    // the young person's session ended with the revocation
    await young.page.reload();
    await young.page.getByRole('button', { name: 'Se connecter' }).waitFor();
  });
});
