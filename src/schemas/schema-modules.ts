import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { newAjv, schemaTextHash } from './schema-options.js';

/*
 * Precompiled validators. Ajv compiling the config schema costs about 0.2 s of
 * CPU at every start (as much as re-checking a cached project's rules), so the
 * build writes each schema's validator as code once (Ajv's standalone output,
 * `dist/schemas/compiled/NAME.cjs`) and validator.ts loads that instead. Each
 * module records the hash of the schema text it was made from; validator.ts
 * compiles afresh when the text differs (an edited schema, tests on the sources).
 */

const require = createRequire(import.meta.url);

/** The CommonJS text of one schema's validator (the module is the function; `sourceHash` names the schema text). */
export function schemaModuleText(schemaText: string): string {
  const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: unknown, validate: unknown) => string }).default;
  const ajv = newAjv({ code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(JSON.parse(schemaText) as object));
  return `${code}\nmodule.exports.sourceHash = ${JSON.stringify(schemaTextHash(schemaText))};\n`;
}

/** Writes `outDir/NAME.cjs` for every `schemasDir/NAME.schema.json`; returns the names. */
export function writeSchemaModules(schemasDir: string, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const names = readdirSync(schemasDir)
    .filter((file) => file.endsWith('.schema.json'))
    .map((file) => file.slice(0, -'.schema.json'.length));
  for (const name of names) {
    writeFileSync(join(outDir, `${name}.cjs`), schemaModuleText(readFileSync(join(schemasDir, `${name}.schema.json`), 'utf8')));
  }
  return names;
}
