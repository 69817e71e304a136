import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * The archive package of a dossier (pde-domain.md § 8.2): a zip whose `manifest.json` lists every
 * other file with its SHA-256 and size, signed with Ed25519 (`manifest.sig`, base64 of the
 * signature of the exact bytes of `manifest.json`); the public key travels as `public-key.pem`.
 */
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'public-key.pem';
export const ARCHIVE_FORMAT = 'cordee-archive/1';

export interface ManifestEntry {
  path: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  generatedAt: string;
  status: 'prepared' | 'sealed';
  dossier: Record<string, unknown>;
  files: ManifestEntry[];
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The manifest of some files, listed in path order. */
export function buildManifest(head: Omit<ArchiveManifest, 'format' | 'files'>, files: ReadonlyMap<string, { bytes: Uint8Array; mediaType: string }>): ArchiveManifest {
  const entries = [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, f]) => ({ path, sha256: sha256Hex(f.bytes), sizeBytes: f.bytes.length, mediaType: f.mediaType }));
  return { format: ARCHIVE_FORMAT, ...head, files: entries };
}

export interface VerifyReport {
  ok: boolean;
  /** French, one line per problem, naming the file. */
  problems: string[];
  checkedFiles: number;
  /** SHA-256 of the public key (DER) that verified the manifest: to compare with the one published by the establishment. */
  keyFingerprint: string | null;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a package's files: the signature of the manifest (with the given trusted key, else the
 * key shipped in the package), then the presence, size and SHA-256 of every listed file, and that
 * no file is there that the manifest does not list.
 */
export function verifyArchiveFiles(files: ReadonlyMap<string, Uint8Array>, trustedPublicKeyPem?: string): VerifyReport {
  const problems: string[] = [];
  const manifestBytes = files.get(MANIFEST_FILE);
  const signature = files.get(SIGNATURE_FILE);
  const keyPem = trustedPublicKeyPem ?? (files.get(PUBLIC_KEY_FILE) ? decoder.decode(files.get(PUBLIC_KEY_FILE)) : undefined);
  if (!manifestBytes) return { ok: false, problems: [`${MANIFEST_FILE} : absent du paquet.`], checkedFiles: 0, keyFingerprint: null };
  let keyFingerprint: string | null = null;
  if (!signature) problems.push(`${SIGNATURE_FILE} : absent du paquet, le manifeste n’est pas signé.`);
  if (!keyPem) problems.push(`${PUBLIC_KEY_FILE} : absent du paquet et aucune clé publique fournie.`);
  if (signature && keyPem) {
    try {
      const key = createPublicKey(keyPem);
      keyFingerprint = sha256Hex(key.export({ type: 'spki', format: 'der' }));
      const valid = verify(null, manifestBytes, key, Buffer.from(decoder.decode(signature).trim(), 'base64'));
      if (!valid) problems.push(`${MANIFEST_FILE} : la signature ne correspond pas (manifeste modifié ou autre clé).`);
    } catch (error) {
      problems.push(`${PUBLIC_KEY_FILE} : clé publique ou signature illisible (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(decoder.decode(manifestBytes)) as ArchiveManifest;
    if (manifest.format !== ARCHIVE_FORMAT || !Array.isArray(manifest.files)) throw new Error(`format attendu ${ARCHIVE_FORMAT}`);
  } catch (error) {
    problems.push(`${MANIFEST_FILE} : illisible (${error instanceof Error ? error.message : String(error)}).`);
    return { ok: false, problems, checkedFiles: 0, keyFingerprint };
  }
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    listed.add(entry.path);
    const bytes = files.get(entry.path);
    if (!bytes) {
      problems.push(`${entry.path} : listé dans le manifeste mais absent du paquet.`);
      continue;
    }
    if (bytes.length !== entry.sizeBytes) problems.push(`${entry.path} : taille ${bytes.length} octets, le manifeste en annonce ${entry.sizeBytes}.`);
    if (sha256Hex(bytes) !== entry.sha256) problems.push(`${entry.path} : l’empreinte SHA-256 ne correspond pas au manifeste (fichier modifié).`);
  }
  for (const path of files.keys()) {
    if (path === MANIFEST_FILE || path === SIGNATURE_FILE || path === PUBLIC_KEY_FILE || path.endsWith('/')) continue;
    if (!listed.has(path)) problems.push(`${path} : présent dans le paquet mais absent du manifeste.`);
  }
  return { ok: problems.length === 0, problems, checkedFiles: manifest.files.length, keyFingerprint };
}
