import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { packagePath } from '../core/package-paths.js';

// One Ajv instance for the package: schemas compile once and may $ref each other by $id.
// validateSchema off: checking our own schemas against the draft meta-schema compiled that
// meta-schema first, most of a second of every command's start on a busy machine (the review
// TUI's first screen). validator.test.ts checks each schema against the meta-schema instead.
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false, validateSchema: false });
const compiled = new Map<string, ValidateFunction>();

/** The compiled validator of `schemas/<name>.schema.json`. */
export function schemaValidator<T>(name: string): ValidateFunction<T> {
  let validate = compiled.get(name);
  if (!validate) {
    const schema = JSON.parse(readFileSync(packagePath('schemas', `${name}.schema.json`), 'utf8')) as object;
    validate = ajv.compile(schema);
    compiled.set(name, validate);
  }
  return validate as ValidateFunction<T>;
}

/** "generation.levels must be <= 6; teacher must have property model" */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors
    .slice(0, 3)
    .map((error) => {
      const where = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'the document';
      const extra =
        error.keyword === 'additionalProperties' ? ` '${(error.params as { additionalProperty: string }).additionalProperty}'` : '';
      return `${where} ${error.message ?? 'is invalid'}${extra}`;
    })
    .join('; ');
}
