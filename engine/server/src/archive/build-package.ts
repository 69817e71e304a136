import { createPrivateKey, sign } from 'node:crypto';
import { zipSync } from 'fflate';
import { MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE, buildManifest, sha256Hex } from '@cordee/core';
import {
  type DossierRecord,
  type Tx,
  archiveSigningKey,
  documentsWithContent,
  dossierAttachments,
  dossierAuditExtract,
  dossierRevisions,
  effectiveContents,
  findEstablishment,
  listPlacements,
  signaturesOf,
} from '@cordee/db';

/**
 * Forms never transmitted to the CD (pde-domain.md § 8.2 and § 10.2 4°): the psychologist's
 * working notes stay private. The manifest says what was left out and why.
 */
const NOT_TRANSMITTED: Record<string, string> = {
  'notes-psychologue': 'Notes de travail personnelles du psychologue : jamais partagées (pde-domain.md § 10.2).',
};

export interface BuiltPackage {
  content: Buffer;
  sha256: string;
  files: number;
  filename: string;
  publicKey: string;
}

const enc = new TextEncoder();
const json = (value: unknown) => enc.encode(`${JSON.stringify(value, null, 2)}\n`);
const safe = (name: string) => name.normalize('NFKD').replace(/[^\w.-]+/g, '_').slice(0, 80);

/**
 * The archive package of a dossier (V2-2), read in the caller's transaction (the dossier row
 * locked, so it is a consistent picture): the PDFs of its documents and their signature trails,
 * every revision of every submission with the exact form it was captured with, the attachments,
 * the dossier's audit extract, and a manifest listing each file's SHA-256, signed with Ed25519.
 */
export async function buildArchivePackage(trx: Tx, dossier: DossierRecord, status: 'prepared' | 'sealed', now: Date): Promise<BuiltPackage> {
  const files = new Map<string, { bytes: Uint8Array; mediaType: string }>();
  const put = (path: string, bytes: Uint8Array, mediaType: string) => files.set(path, { bytes, mediaType });

  // one connection (the transaction's): the queries run one after the other
  const establishment = await findEstablishment(trx, dossier.establishmentId);
  const placements = await listPlacements(trx, dossier.id);
  const documents = await documentsWithContent(trx, dossier.id);
  const revisions = await dossierRevisions(trx, dossier.id);
  const attachments = await dossierAttachments(trx, dossier.id);
  const audit = await dossierAuditExtract(trx, dossier.id);

  const trails = await signaturesOf(trx, documents.map((d) => d.id));
  const documentIndex = documents.map((d) => {
    const path = `documents/${d.createdAt.toISOString().slice(0, 10)}-${d.templateKey}-${d.id.slice(0, 8)}.pdf`;
    put(path, d.content, 'application/pdf');
    return { path, id: d.id, title: d.title, template: d.templateKey, templateVersion: d.templateVersion, status: d.status, sha256: d.sha256.trim(), sources: d.sources, createdBy: d.createdBy, createdAt: d.createdAt, signatures: trails.get(d.id) ?? [] };
  });
  put('documents/index.json', json(documentIndex), 'application/json');

  const excluded = new Map<string, number>();
  const kept = revisions.filter((r) => {
    if (!(r.formKey in NOT_TRANSMITTED)) return true;
    if (r.revision === 1) excluded.set(r.formKey, (excluded.get(r.formKey) ?? 0) + 1);
    return false;
  });
  const forms = await effectiveContents(trx, kept.map((r) => r.effectiveHash.trim()));
  for (const [hash, form] of forms) put(`forms/${form.key}-${hash.slice(0, 12)}.json`, json({ kind: form.kind, key: form.key, effectiveHash: hash, content: form.content }), 'application/json');
  const bySubmission = new Map<string, typeof kept>();
  for (const r of kept) bySubmission.set(r.submissionId, [...(bySubmission.get(r.submissionId) ?? []), r]);
  for (const [id, list] of bySubmission) {
    const head = list[0]!;
    put(
      `submissions/${head.formKey}/${id}.json`,
      json({
        id,
        formKind: head.formKind,
        formKey: head.formKey,
        status: head.submissionStatus,
        createdAt: head.submissionCreatedAt,
        revisions: list.map((r) => ({
          revision: r.revision,
          status: r.status,
          form: { versionId: r.formVersionId, version: r.formVersion, effectiveHash: r.effectiveHash.trim(), file: `forms/${r.formKey}-${r.effectiveHash.trim().slice(0, 12)}.json` },
          data: r.data,
          computed: r.computed,
          gridResult: r.gridResult,
          carried: r.carried,
          createdBy: r.createdBy,
          createdAt: r.createdAt,
        })),
      }),
      'application/json',
    );
  }
  for (const a of attachments) put(`attachments/${a.id}-${safe(a.filename)}`, a.content, a.mediaType);
  put('audit/audit-extract.json', json(audit), 'application/json');

  const summary = {
    id: dossier.id,
    number: dossier.number,
    identity: dossier.identity,
    identityStatus: dossier.identityStatus,
    ins: dossier.insMatricule ? { matricule: dossier.insMatricule, oid: dossier.insOid } : null,
    statusAtArchiving: dossier.status,
    establishment: establishment ? { id: establishment.id, name: establishment.name, finess: establishment.finessGeographique } : null,
    placements: placements.map((p) => ({ startDate: p.startDate, endDate: p.endDate, legalBasis: p.legalBasis, decisionReference: p.decisionReference, establishmentId: p.establishmentId })),
    notTransmitted: [...excluded].map(([formKey, count]) => ({ formKey, submissions: count, reason: NOT_TRANSMITTED[formKey] })),
  };
  put('dossier.json', json(summary), 'application/json');

  const manifestBytes = json(buildManifest({ generatedAt: now.toISOString(), status, dossier: { id: dossier.id, number: dossier.number, establishment: summary.establishment } }, files));
  const key = await archiveSigningKey(trx);
  const signature = sign(null, manifestBytes, createPrivateKey(key.privateKeyPem)).toString('base64');
  const entries: Record<string, [Uint8Array, { level: 0 | 6; mtime: Date }]> = {};
  for (const [path, f] of files) entries[path] = [f.bytes, { level: f.mediaType === 'application/pdf' || f.mediaType.startsWith('image/') ? 0 : 6, mtime: now }];
  entries[MANIFEST_FILE] = [manifestBytes, { level: 6, mtime: now }];
  entries[SIGNATURE_FILE] = [enc.encode(`${signature}\n`), { level: 0, mtime: now }];
  entries[PUBLIC_KEY_FILE] = [enc.encode(key.publicKeyPem), { level: 0, mtime: now }];
  const content = Buffer.from(zipSync(entries));
  return { content, sha256: sha256Hex(content), files: Object.keys(entries).length, filename: `archive-${dossier.number}-${status}.zip`, publicKey: key.publicKeyPem };
}
