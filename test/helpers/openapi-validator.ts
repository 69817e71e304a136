import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface OpenApiValidation {
  valid: boolean;
  errors?: unknown;
}

/**
 * Validates a document against the official OpenAPI 3.x JSON Schema shipped offline by
 * @seriousme/openapi-schema-validator (which also checks that every `$ref` resolves). The package
 * is ESM-only, so it runs in a child Node process fed with the document on stdin.
 */
export function validateOpenApi(document: unknown): Promise<OpenApiValidation> {
  const script = [
    "import { Validator } from '@seriousme/openapi-schema-validator';",
    "let input = '';",
    'for await (const chunk of process.stdin) input += chunk;',
    'const result = await new Validator().validate(JSON.parse(input));',
    'process.stdout.write(JSON.stringify(result));',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '..', '..'), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`OpenAPI validator failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as OpenApiValidation);
    });
    child.stdin?.end(JSON.stringify(document));
  });
}
