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

/** The format's schema, with the tag field and the id (when asked for) added as required strings. */
export function loadExportSchema(format: ExportFormat, tagField?: string, ids = false): SchemaObject {
  const schema = JSON.parse(readFileSync(exportSchemaPath(format), 'utf8')) as SchemaObject;
  const added = [...(tagField === undefined ? [] : [tagField]), ...(ids ? ['id'] : [])];
  if (added.length === 0) return schema;
  const properties = { ...(schema.properties as Record<string, unknown>) };
  for (const name of added) properties[name] = { type: 'string' };
  return { ...schema, required: [...(schema.required as string[]), ...added], properties };
}

/** Returns null for a valid record, else a one-line reason. */
export function compileRecordValidator(format: ExportFormat, tagField?: string, ids = false): RecordValidator {
  // The schemas say "not blank" with a pattern rather than minLength: minLength counts the code
  // points of a multi-kilobyte answer, a pattern stops at the first visible character.
  const ajv = new Ajv({ allErrors: false });
  const validate: ValidateFunction = ajv.compile(loadExportSchema(format, tagField, ids));
  return (record) => {
    if (validate(record)) return null;
    return ajv.errorsText(validate.errors, { dataVar: 'record' });
  };
}
