import { schemaUri } from './schemas';

/** The `x-cordee-*` keywords a form or grid schema may carry (metadata/schemas/metadata/form.schema.json). */
export const cordeeKeywords = [
  'x-cordee-category',
  'x-cordee-locked',
  'x-cordee-computed',
  'x-cordee-widget',
  'x-cordee-hidden',
  'x-cordee-enumLabels',
  'x-cordee-audience',
] as const;
export type CordeeKeyword = (typeof cordeeKeywords)[number];

/**
 * Keyword definitions for ajv (`ajv.addKeyword(def)`), so that form schemas compile in strict mode
 * and a bad keyword value is a schema error. Their meta-schemas point into the form contract: add
 * the contract schemas (`schemaRegistry()`) to the ajv instance first.
 */
export function cordeeKeywordDefinitions(): { keyword: CordeeKeyword; metaSchema: { $ref: string } }[] {
  return cordeeKeywords.map((keyword) => ({
    keyword,
    metaSchema: { $ref: `${schemaUri('metadata/form')}#/$defs/fieldSchema/properties/${keyword}` },
  }));
}
