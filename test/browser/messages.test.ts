/**
 * The internal secure messaging in a real browser against the product with its demo organisation
 * (Ségur COO-5 and RU-1): a chef de service writes about a child, from the child's dossier, to a
 * colleague and to the young person; the colleague reads it; the young person reads it in the
 * portal and answers the care team. Screenshots land in test/browser/screenshots/.
 */
import { browserSuite } from './browser-suite';
import { describeViolations, login, screenshot, seriousViolations } from './ui-driver';

const { open, apiAs } = browserSuite();

/** GET or POST over the API with a demo account's session, for the facts the test needs (names, ids, the care team). */
async function api<T>(loginName: string, path: string, body?: unknown): Promise<T> {
  const response = await apiAs(loginName, body === undefined ? 'GET' : 'POST', path, body);
  if (response.status >= 400) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as T;
}

describe('messages', () => {
  it('a chef de service writes about a child to a colleague and to the young person; both read it, the young person replies to the care team', async () => {
    const [childId] = (await api<{ items: Array<{ id: string }> }>('demo.usager', '/api/dossiers?limit=5')).items.map((d) => d.id);
    const chef = await api<{ id: string; displayName: string }>('demo.chef', '/api/me');
    const directeur = await api<{ displayName: string }>('demo.directeur', '/api/me');
    const young = await api<{ displayName: string }>('demo.usager', '/api/me');
    // the young person answers their care team only: the chef de service joins it
    const child = await api<{ careTeam: Array<{ accountId: string; active: boolean }> }>('demo.chef', `/api/dossiers/${childId}`);
    if (!child.careTeam.some((m) => m.accountId === chef.id && m.active)) {
      await api('demo.chef', `/api/dossiers/${childId}/care-team`, { accountId: chef.id, role: 'chef_service', startDate: new Date().toISOString().slice(0, 10) });
    }
    const subject = `Sortie du samedi ${Date.now()}`;

    const writer = await open();
    await writer.page.goto(`/dossiers/${childId}`);
    await login(writer.page, 'demo.chef');
    await writer.page.getByRole('link', { name: 'Envoyer un message' }).click();
    await writer.page.getByText('Au sujet de :').waitFor();
    // the young person is offered first, with the legal representatives; colleagues are searched by name
    await writer.page.getByRole('checkbox', { name: new RegExp(young.displayName) }).check();
    await writer.page.getByLabel('Rechercher un destinataire').fill(directeur.displayName.split(' ').pop()!);
    await writer.page.getByRole('checkbox', { name: new RegExp(directeur.displayName) }).check();
    await expect(writer.page.getByRole('list', { name: 'Destinataires choisis' }).innerText()).resolves.toContain(young.displayName);
    await writer.page.getByLabel('Objet', { exact: true }).fill(subject);
    await writer.page.getByLabel('Message', { exact: true }).fill('Samedi, sortie au musée avec le groupe : prévoir un goûter.');
    await screenshot(writer.page, '12-message-redaction');
    const violations = await seriousViolations(writer.page);
    expect(describeViolations(violations)).toBe('');
    await writer.page.getByRole('button', { name: 'Envoyer' }).click();
    await writer.page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();
    await writer.page.getByRole('link', { name: subject }).waitFor();

    const colleague = await open();
    await colleague.page.goto('/messages');
    await login(colleague.page, 'demo.directeur');
    // the unread count sits beside the navigation link
    await colleague.page.getByRole('navigation', { name: 'Navigation principale' }).locator('.unread-count').waitFor();
    await colleague.page.getByRole('link', { name: subject }).click();
    await colleague.page.getByText('Samedi, sortie au musée').waitFor();
    await expect(colleague.page.locator('dl.facts').innerText()).resolves.toContain(chef.displayName);

    const portal = await open();
    await portal.page.goto('/');
    await login(portal.page, 'demo.usager');
    await portal.page.waitForURL(/\/portail$/);
    await portal.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: /Messages/ }).click();
    await portal.page.getByRole('link', { name: subject }).click();
    await portal.page.getByText('prévoir un goûter').waitFor();
    await screenshot(portal.page, '13-portail-message');
    await portal.page.getByRole('link', { name: 'Répondre' }).click();
    // the sender, in the care team, is already chosen
    await expect(portal.page.getByRole('checkbox', { name: new RegExp(chef.displayName) }).isChecked()).resolves.toBe(true);
    await portal.page.getByLabel('Message', { exact: true }).fill('D’accord, merci !');
    await portal.page.getByRole('button', { name: 'Envoyer' }).click();
    await portal.page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();
    expect(portal.page.url()).toMatch(/\/messages\?boite=envoyes/);

    const inbox = await api<{ items: Array<{ subject: string; sender: { name: string } }> }>('demo.chef', '/api/messages?unread=true');
    expect(inbox.items).toContainEqual(expect.objectContaining({ subject: `Re : ${subject}`, sender: expect.objectContaining({ name: young.displayName }) }));
  });
});
