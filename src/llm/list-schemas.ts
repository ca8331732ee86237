import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Difficulty } from '../core/types.js';
import { schemaValidator } from '../schemas/validator.js';

/** Schemas in `schemas/<name>.schema.json` for the lists the teacher writes. */
export type ListSchemaName = 'tag-list' | 'question-list';

export type TagListItem = string;
export interface QuestionListItem {
  text: string;
  difficulty: Difficulty;
  reference?: string;
}

// Caller-given schemas get their own instance so they cannot clash with the package's $ids.
const ajv = new Ajv({ allErrors: false });
const bySchema = new WeakMap<object, ValidateFunction>();

/** Checks a list; returns null when it is valid, else one line saying what is wrong. */
export type ListValidator = (items: unknown[]) => string | null;

/**
 * `schema` is a schema name, a schema for the array, or a schema for `{ items: [...] }`
 * (an object schema is given the list wrapped as `items`).
 */
export function listValidator(schema: ListSchemaName | object): ListValidator {
  const validate = typeof schema === 'string' ? schemaValidator(schema) : objectValidator(schema);
  const wrapped = typeof schema === 'object' && (schema as { type?: unknown }).type === 'object';
  return (items) => {
    const data = wrapped ? { items } : items;
    if (validate(data)) return null;
    return describeFirstError(validate.errors ?? [], wrapped);
  };
}

function objectValidator(schema: object): ValidateFunction {
  let validate = bySchema.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    bySchema.set(schema, validate);
  }
  return validate;
}

function describeFirstError(errors: ErrorObject[], wrapped: boolean): string {
  const error = errors[0];
  if (!error) return 'the list does not match the expected shape';
  const parts = error.instancePath.split('/').filter(Boolean);
  if (wrapped && parts[0] === 'items') parts.shift();
  const [index, ...field] = parts;
  const where = index === undefined ? 'the list' : `item ${Number(index) + 1}${field.length ? ` (${field.join('.')})` : ''}`;
  const allowed = error.keyword === 'enum' ? `: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
  return `${where} ${error.message ?? 'is invalid'}${allowed}`;
}
