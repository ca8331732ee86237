import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
import { packagePath } from '../core/package-paths.js';
import { newAjv, schemaTextHash } from './schema-options.js';

// One Ajv instance for the package, made only when a schema has no precompiled validator (schema-modules.ts).
let ajv: AjvInstance | null = null;
const compiled = new Map<string, ValidateFunction>();
const require = createRequire(import.meta.url);
const COMPILED_DIR = fileURLToPath(new URL('./compiled', import.meta.url));

/** The validator of `schemas/<name>.schema.json`: the build's precompiled one when it matches the schema's text, else compiled now. */
export function schemaValidator<T>(name: string): ValidateFunction<T> {
  let validate = compiled.get(name);
  if (!validate) {
    const text = readFileSync(packagePath('schemas', `${name}.schema.json`), 'utf8');
    validate = precompiled(name, text) ?? (ajv ??= newAjv()).compile(JSON.parse(text) as object);
    compiled.set(name, validate);
  }
  return validate as ValidateFunction<T>;
}

function precompiled(name: string, text: string): ValidateFunction | null {
  let module: ValidateFunction & { sourceHash?: unknown };
  try {
    module = require(`${COMPILED_DIR}/${name}.cjs`) as typeof module;
  } catch {
    return null; // not built (tests run the sources)
  }
  return typeof module === 'function' && module.sourceHash === schemaTextHash(text) ? module : null;
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
