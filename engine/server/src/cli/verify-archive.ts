/**
 * `npm run archive:verify -- <package.zip> [--public-key <key.pem>]`: checks an archive package
 * of a dossier (V2-2): the Ed25519 signature of its manifest (with the given public key, else the
 * one shipped in the package) and the SHA-256 and size of every file. Names each problem.
 * Exit code 0: intact; 1: altered or incomplete; 2: could not be read.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { verifyArchiveFiles } from '@cordee/core';

export function verifyArchiveFile(path: string, publicKeyPath?: string): { code: 0 | 1 | 2; output: string } {
  let files: Map<string, Uint8Array>;
  let trusted: string | undefined;
  try {
    files = new Map(Object.entries(unzipSync(new Uint8Array(readFileSync(path)))));
    trusted = publicKeyPath ? readFileSync(publicKeyPath, 'utf8') : undefined;
  } catch (error) {
    return { code: 2, output: `Lecture impossible / Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}\n` };
  }
  const report = verifyArchiveFiles(files, trusted);
  const lines = [
    `Paquet d’archive / Archive package: ${path}`,
    `Fichiers vérifiés / Files checked: ${report.checkedFiles}`,
    `Clé / Key (SHA-256): ${report.keyFingerprint ?? '—'}${trusted ? ' (fournie / given)' : ' (du paquet / from the package)'}`,
  ];
  if (report.ok) lines.push('OK : manifeste signé et toutes les empreintes concordent / signed manifest, every hash matches');
  else lines.push(`ALTÉRÉ / ALTERED : ${report.problems.length} problème(s)`, ...report.problems.map((p) => `  ${p}`));
  return { code: report.ok ? 0 : 1, output: `${lines.join('\n')}\n` };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const keyAt = args.indexOf('--public-key');
  const key = keyAt >= 0 ? args[keyAt + 1] : undefined;
  const path = (keyAt >= 0 ? args.filter((_, i) => i !== keyAt && i !== keyAt + 1) : args)[0];
  if (!path) {
    process.stderr.write('Usage: npm run archive:verify -- <package.zip> [--public-key <key.pem>]\n');
    process.exit(2);
  }
  const { code, output } = verifyArchiveFile(path, key);
  (code === 0 ? process.stdout : process.stderr).write(output);
  process.exit(code);
}
