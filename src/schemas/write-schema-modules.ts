// Part of `npm run build`: writes dist/schemas/compiled/NAME.cjs, each schema's precompiled validator (schema-modules.ts).
import { fileURLToPath } from 'node:url';
import { packagePath } from '../core/package-paths.js';
import { writeSchemaModules } from './schema-modules.js';

writeSchemaModules(packagePath('schemas'), fileURLToPath(new URL('./compiled', import.meta.url)));
