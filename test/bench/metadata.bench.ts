/** Issue 3 figures: publication report of a 300-field grid; effective schema through 3 layers, cold and warm. */
import { type ArtefactKind, computeEffective } from '@cordee/core';
import { ensureArtefact, latestVersion, layersFor, saveDraft, toLayerPatch, toPublishedBase } from '@cordee/db';
import { effectiveFor, invalidateEffectiveCache } from '@cordee/server/src/metadata/effective';
import { putOverlay } from '@cordee/server/src/metadata/overlays';
import { publishDraft } from '@cordee/server/src/metadata/publish';
import { createOrganisation } from '../helpers/fixtures';
import { type BenchEnvironment, elapsedMs, summarise } from './environment';
import { wideFormDefinition, wideGridDefinition } from './fixtures';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
  ok: boolean;
}

async function draft(env: BenchEnvironment, kind: ArtefactKind, key: string, definition: Record<string, unknown>): Promise<void> {
  await env.db.transaction(async (trx) => {
    await ensureArtefact(trx, kind, key);
    await saveDraft(trx, kind, key, definition, null);
  });
}

export async function benchPublishReport(env: BenchEnvironment): Promise<Figure> {
  const samples: number[] = [];
  for (let run = 0; run < 5; run++) {
    const key = `grille-bench-${run}`;
    await draft(env, 'grid', key, wideGridDefinition(300));
    await publishDraft(env.deps, env.systemContext, 'grid', key);
    const v2 = wideGridDefinition(300, 1) as Record<string, any>;
    for (const removed of ['item_010', 'item_020', 'item_030']) delete v2.schema.properties.items.properties[removed];
    v2.items = v2.items.filter((i: { id: string }) => !['item_010', 'item_020', 'item_030'].includes(i.id));
    v2.migration = { drops: ['/items/item_010', '/items/item_010/niveau', '/items/item_010/observations', '/items/item_020', '/items/item_020/niveau', '/items/item_020/observations', '/items/item_030', '/items/item_030/niveau', '/items/item_030/observations'] };
    v2.scores[1].expression = 'if evaluated = 0 then null else decimal(mean(weights), 1)';
    await draft(env, 'grid', key, v2);
    const start = process.hrtime.bigint();
    const result = await publishDraft(env.deps, env.systemContext, 'grid', key);
    samples.push(elapsedMs(start));
    if (result.version !== '2.0.0') throw new Error(`expected a breaking publication, got ${result.version}`);
  }
  const { median } = summarise(samples);
  return { name: 'publish a 300-field grid with its compatibility report', value: median, unit: 'ms (median of 5)', target: '< 200 ms', ok: median < 200 };
}

export async function benchEffective(env: BenchEnvironment): Promise<Figure[]> {
  const org = await createOrganisation(env.db, 'Banc d’essai', 1);
  const establishmentId = org.establishments[0]!.id;
  await draft(env, 'form', 'bench-form', wideFormDefinition(300));
  const { version } = await publishDraft(env.deps, env.systemContext, 'form', 'bench-form');
  const ops = (prefix: string) => [
    ...Array.from({ length: 5 }, (_, i) => ({ op: 'relabel', path: `/properties/champ_${String(i * 7).padStart(3, '0')}`, title: `${prefix} libellé ${i}` })),
    ...Array.from({ length: 3 }, (_, i) => ({ op: 'addField', path: '', name: `${prefix}_ajout_${i}`, schema: { type: 'string', title: `Ajout ${i}` } })),
    { op: 'tightenConstraint', path: '/properties/champ_001', keyword: 'maximum', value: prefix === 'org' ? 900 : 800 },
    { op: 'hideField', path: '/properties/champ_003' },
  ];
  await putOverlay(env.deps, env.systemContext, 'organisme', org.organismeId, 'form', 'bench-form', { target: { kind: 'form', key: 'bench-form' }, baseVersion: version, operations: ops('org') } as never);
  await putOverlay(env.deps, env.systemContext, 'establishment', establishmentId, 'form', 'bench-form', { target: { kind: 'form', key: 'bench-form' }, baseVersion: version, operations: ops('etab') } as never);

  const base = toPublishedBase((await latestVersion(env.db, 'form', 'bench-form'))!);
  const layers = (await layersFor(env.db, 'form', 'bench-form', establishmentId)).map(toLayerPatch);
  if (layers.length !== 2) throw new Error('expected two layers');
  const pure: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = process.hrtime.bigint();
    const result = computeEffective('form', base, layers);
    pure.push(elapsedMs(start));
    if (result.conflicts.length > 0) throw new Error('unexpected conflicts');
  }
  const withDb: number[] = [];
  for (let i = 0; i < 50; i++) {
    invalidateEffectiveCache(env.deps);
    const start = process.hrtime.bigint();
    await effectiveFor(env.deps, 'form', 'bench-form', establishmentId);
    withDb.push(elapsedMs(start));
  }
  await effectiveFor(env.deps, 'form', 'bench-form', establishmentId);
  const rounds = 100_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await effectiveFor(env.deps, 'form', 'bench-form', establishmentId);
  const warmUs = (elapsedMs(start) * 1000) / rounds;
  const cold = summarise(pure).median;
  return [
    { name: 'effective schema, 300 fields, 3 layers, cold (computation)', value: cold, unit: 'ms (median of 200)', target: '< 5 ms', ok: cold < 5 },
    { name: 'effective schema, cold with its 3 database reads', value: summarise(withDb).median, unit: 'ms (median of 50)', target: '(for information)', ok: true },
    { name: 'effective schema, warm (cached)', value: warmUs, unit: 'µs (mean of 100,000)', target: '< 50 µs', ok: warmUs < 50 },
  ];
}
