import type { ArtefactKind, Change } from '@cordee/core';
import type { Tx } from '@cordee/db';

export interface Impact {
  kind: ArtefactKind;
  key: string;
  version: string;
  /** What in that artefact refers to the published one. */
  reason: string;
}

/**
 * Which other published artefacts (workflows, templates, profiles, grids) refer to this one, and
 * which of them mention a field that the new version breaks: what a quality manager must check.
 */
export async function impactOf(trx: Tx, kind: ArtefactKind, key: string, breaking: Change[]): Promise<Impact[]> {
  const { rows } = await trx.raw(
    `select distinct on (kind, key) kind, key, version, content::text as text
       from artefact_version where not (kind = ? and key = ?)
      order by kind, key, major desc, minor desc, patch desc`,
    [kind, key],
  );
  const fieldNames = [...new Set(breaking.map((c) => c.path.split('/').filter((p) => p && p !== '*').pop()).filter((n): n is string => Boolean(n)))];
  const impacts: Impact[] = [];
  for (const row of rows as Array<{ kind: ArtefactKind; key: string; version: string; text: string }>) {
    const refers = row.text.includes(`"${key}"`) || row.text.includes(`formRef=\\"${key}\\"`) || row.text.includes(`:${key}`);
    if (!refers) continue;
    const touched = fieldNames.filter((name) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(row.text));
    impacts.push({
      kind: row.kind,
      key: row.key,
      version: row.version,
      reason: touched.length > 0 ? `utilise « ${key} » et les champs modifiés : ${touched.join(', ')}` : `utilise « ${key} »`,
    });
  }
  return impacts;
}
