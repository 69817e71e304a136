export { errorCatalog, type ErrorCode } from './errors';
export { schemaRegistry, loadSchemas, schemaIds, schemaUri, schemasDir, SCHEMA_BASE_URI, type SchemaId, type JsonSchema } from './schemas';
