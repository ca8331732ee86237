// Type-checks src and test (tsconfig.json) and lints the repository in one process, on one TypeScript
// program: typescript-eslint's rules ask the same checker the type check just filled, instead of
// building and checking a second program of their own (`npm run typecheck` then `npm run lint` compile
// everything twice). Same diagnostics as those two scripts; exits 1 if either finds an error.
import ts from 'typescript';
import { ESLint } from 'eslint';

const root = process.cwd();
const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
if (configPath === undefined) throw new Error(`no tsconfig.json in ${root}`);
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => report([diagnostic]) };
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
if (config === undefined) process.exit(1);

// Incremental like `tsc -p tsconfig.json`: a second run re-checks only what changed (.cache/tsbuildinfo-check).
const builder = ts.createIncrementalProgram({
  rootNames: config.fileNames,
  options: config.options,
  projectReferences: config.projectReferences,
});
const diagnostics = [
  ...config.errors,
  ...builder.getConfigFileParsingDiagnostics(),
  ...builder.getOptionsDiagnostics(),
  ...builder.getGlobalDiagnostics(),
  ...builder.getSyntacticDiagnostics(),
  ...builder.getSemanticDiagnostics(),
];
builder.emit();
report(diagnostics);
const typeErrors = diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error).length;

// ESLint hashes its config for --cache; the program stands in that hash by name (the cache is keyed on files).
const programs = Object.assign([builder.getProgram()], { toJSON: () => 'tsconfig.json' });
const eslint = new ESLint({
  cache: true,
  cacheLocation: '.cache/eslint/',
  // The TypeScript files are all in tsconfig.json's program (eslint.config.js lints the rest without types).
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, programs } } }],
});
const results = await eslint.lintFiles(['.']);
const formatter = await eslint.loadFormatter('stylish');
const text = await formatter.format(results);
if (text !== '') process.stdout.write(text);
const lintErrors = results.reduce((sum, result) => sum + result.errorCount + result.fatalErrorCount, 0);

if (typeErrors > 0 || lintErrors > 0) {
  process.stderr.write(`${typeErrors} type error(s), ${lintErrors} lint error(s)\n`);
  process.exit(1);
}

function report(list) {
  if (list.length === 0) return;
  const formatHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  process.stdout.write(format(list, formatHost));
}
