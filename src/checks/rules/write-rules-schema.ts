// `npm run schemas`: writes schemas/rules.schema.json from the rule table (rule-table.ts).
import { writeFileSync } from 'node:fs';
import { packagePath } from '../../core/package-paths.js';
import { rulesSchemaText } from './rules-schema.js';

const path = packagePath('schemas', 'rules.schema.json');
writeFileSync(path, rulesSchemaText());
process.stdout.write(`wrote ${path}\n`);
