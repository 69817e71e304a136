/**
 * What the server stores for a final submission of a pack form or grid (engine/server/src/submissions/capture.ts),
 * computed from the pack files alone, with the validation errors: for the pack's own tests, which
 * run without a server.
 */
import { type GridScoring, type SchemaNode, computeFields, dropServerOwned, listFields, scoreGrid } from '@cordee/core';
import { createContractAjv } from '@cordee/metadata';
import { packArtefacts } from './pack';

type Json = Record<string, unknown>;

export function packCapture() {
  const artefacts = packArtefacts().filter((a) => a.kind === 'form' || a.kind === 'grid');
  const ajv = createContractAjv();
  const compiled = new Map(artefacts.map((a) => [a.key, { artefact: a, fields: listFields(a.definition.schema as SchemaNode), validate: ajv.compile(a.definition.schema as object) }]));
  return function capture(key: string, input: object): { data: Json; errors: unknown[] } {
    const entry = compiled.get(key);
    if (!entry) throw new Error(`no form or grid « ${key} » in the pack`);
    const { data: owned } = dropServerOwned(JSON.parse(JSON.stringify(input)) as Json, entry.fields);
    const grid = entry.artefact.kind === 'grid' ? scoreGrid(entry.artefact.definition as unknown as GridScoring, owned) : null;
    const context = grid ? { items: grid.items, scores: grid.scores, bands: grid.bands, evaluated: grid.evaluated, total: grid.total, completeness: grid.completeness } : {};
    const { data } = computeFields(owned, entry.fields, context);
    return { data, errors: entry.validate(data) ? [] : (entry.validate.errors ?? []) };
  };
}
