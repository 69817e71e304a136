import { type CarriedAnswer, type FormMigration, type SchemaNode, computeEffective, upgradeAnswers } from '@cordee/core';
import { type Tx, layersFor, toLayerPatch, toPublishedBase, versionsBetween } from '@cordee/db';
import type { EffectiveArtefact } from '../metadata/effective';

type Json = Record<string, unknown>;

export interface UpgradedAnswers {
  data: Json;
  /** Answers that did not move, with where they were and why: stored with the new revision. */
  carried: CarriedAnswer[];
  defaulted: string[];
  /** The versions crossed, oldest first. */
  steps: string[];
}

/**
 * Moves answers captured with one effective form to another, one published version at a time:
 * each step applies the migration stored in that version's publication report, against that
 * version under the establishment's current local layers (the last step is the target itself),
 * so local fields survive the intermediate steps. Only local layers changed: one step, no migration.
 */
export async function upgradeAcrossVersions(trx: Tx, establishmentId: string, from: EffectiveArtefact, to: EffectiveArtefact, data: Json): Promise<UpgradedAnswers> {
  const versions = from.baseVersionId === to.baseVersionId ? [] : await versionsBetween(trx, to.kind, to.key, from.baseVersionId, to.baseVersionId);
  const layers = versions.length > 1 ? (await layersFor(trx, to.kind, to.key, establishmentId)).map(toLayerPatch) : [];
  const steps: Array<{ schema: SchemaNode; migration: FormMigration; version: string }> =
    versions.length === 0
      ? [{ schema: to.content.schema as SchemaNode, migration: {}, version: to.baseVersion }]
      : versions.map((v) => ({
          schema: (v.id === to.baseVersionId ? to.content.schema : computeEffective(to.kind, toPublishedBase(v), layers).content.schema) as SchemaNode,
          migration: ((v.report as { migration?: FormMigration | null }).migration ?? {}) as FormMigration,
          version: v.version,
        }));
  let current = data;
  const carried: CarriedAnswer[] = [];
  const defaulted: string[] = [];
  for (const step of steps) {
    const result = upgradeAnswers(current, step.schema, step.migration);
    current = result.data;
    carried.push(...result.carried);
    defaulted.push(...result.defaulted);
  }
  return { data: current, carried, defaulted, steps: steps.map((s) => s.version) };
}
