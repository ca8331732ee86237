import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, Options } from 'ajv';
import type * as AjvModule from 'ajv';

/** The options every package schema is compiled with, at build time and at run time alike. */
export const SCHEMA_OPTIONS: Options = { allErrors: true, strict: false, useDefaults: false };

/** Which schema text a precompiled validator was generated from: a different text means compile afresh. */
export function schemaTextHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

const require = createRequire(import.meta.url);

/** A new Ajv, loaded only now: a command whose validators are precompiled never loads it (a tenth of a second). */
export function newAjv(extra: Options = {}): AjvInstance {
  const { Ajv } = require('ajv') as typeof AjvModule;
  return new Ajv({ ...SCHEMA_OPTIONS, ...extra });
}
