export { errorCatalog, type ErrorCode } from './errors';
export { schemaRegistry, loadSchemas, schemaIds, schemaUri, schemasDir, SCHEMA_BASE_URI, type SchemaId, type JsonSchema } from './schemas';
export { cordeeKeywords, cordeeKeywordDefinitions, type CordeeKeyword } from './cordee-keywords';
export { createContractAjv, contractIssues, validateContract, type ContractIssue } from './contract-validator';
