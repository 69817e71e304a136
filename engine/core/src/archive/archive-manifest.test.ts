import { generateKeyPairSync, sign } from 'node:crypto';
import { MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE, buildManifest, verifyArchiveFiles } from './archive-manifest';

const enc = new TextEncoder();

function pack(files: Record<string, string>, keys = generateKeyPairSync('ed25519')) {
  const content = new Map(Object.entries(files).map(([p, text]) => [p, { bytes: enc.encode(text), mediaType: 'text/plain' }]));
  const manifest = enc.encode(JSON.stringify(buildManifest({ generatedAt: '2026-04-10T10:00:00.000Z', status: 'sealed', dossier: { number: 'D2026-000001' } }, content)));
  const all = new Map<string, Uint8Array>([...content].map(([p, f]) => [p, f.bytes]));
  all.set(MANIFEST_FILE, manifest);
  all.set(SIGNATURE_FILE, enc.encode(sign(null, manifest, keys.privateKey).toString('base64')));
  all.set(PUBLIC_KEY_FILE, enc.encode(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()));
  return { all, keys };
}

describe('archive manifest', () => {
  it('lists files in path order with their SHA-256 and verifies a signed package', () => {
    const { all } = pack({ 'submissions/b.json': '{"b":1}', 'documents/a.pdf': '%PDF-1.3' });
    const manifest = JSON.parse(new TextDecoder().decode(all.get(MANIFEST_FILE)));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(['documents/a.pdf', 'submissions/b.json']);
    expect(manifest.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const report = verifyArchiveFiles(all);
    expect(report).toMatchObject({ ok: true, problems: [], checkedFiles: 2 });
    expect(report.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names an altered, a missing and an added file', () => {
    const { all } = pack({ 'a.json': '{}', 'b.json': '{}' });
    all.set('a.json', enc.encode('{"x":1}'));
    all.delete('b.json');
    all.set('c.json', enc.encode('{}'));
    const report = verifyArchiveFiles(all);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/a\.json : taille/);
    expect(report.problems.join('\n')).toMatch(/a\.json : l’empreinte SHA-256/);
    expect(report.problems.join('\n')).toMatch(/b\.json : listé dans le manifeste mais absent/);
    expect(report.problems.join('\n')).toMatch(/c\.json : présent dans le paquet mais absent du manifeste/);
  });

  it('refuses an edited manifest, and a package signed with another key than the trusted one', () => {
    const { all } = pack({ 'a.json': '{}' });
    const edited = new Map(all);
    edited.set(MANIFEST_FILE, enc.encode(new TextDecoder().decode(all.get(MANIFEST_FILE)).replace('D2026-000001', 'D2026-000002')));
    expect(verifyArchiveFiles(edited).problems).toEqual([expect.stringMatching(/^manifest\.json : la signature ne correspond pas/)]);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyArchiveFiles(all, other).ok).toBe(false);
  });
});
