// Validates export records against schemas/export-<format>.schema.json. Compiled once per export:
// ajv turns the schema into a plain function, so a check costs about as much as a few property reads.
import { readFileSync } from 'node:fs';
import { Ajv, type SchemaObject, type ValidateFunction } from 'ajv';
import type { ExportFormat } from './export-options.js';
import type { ExportRecord } from './format-record.js';

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

export type RecordValidator = (record: ExportRecord) => string | null;

export function exportSchemaPath(format: ExportFormat): URL {
  return new URL(`export-${format}.schema.json`, SCHEMA_DIR);
}

/** The format's schema, with the tag field (if any) added as a required string. */
export function loadExportSchema(format: ExportFormat, tagField?: string): SchemaObject {
  const schema = JSON.parse(readFileSync(exportSchemaPath(format), 'utf8')) as SchemaObject;
  if (tagField === undefined) return schema;
  return {
    ...schema,
    required: [...(schema.required as string[]), tagField],
    properties: { ...(schema.properties as Record<string, unknown>), [tagField]: { type: 'string' } },
  };
}

/** Returns null for a valid record, else a one-line reason. */
export function compileRecordValidator(format: ExportFormat, tagField?: string): RecordValidator {
  // The schemas say "not blank" with a pattern rather than minLength: minLength counts the code
  // points of a multi-kilobyte answer, a pattern stops at the first visible character.
  const ajv = new Ajv({ allErrors: false });
  const validate: ValidateFunction = ajv.compile(loadExportSchema(format, tagField));
  return (record) => {
    if (validate(record)) return null;
    return ajv.errorsText(validate.errors, { dataVar: 'record' });
  };
}
