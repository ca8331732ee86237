// The README.md of a Hugging Face dataset folder: a YAML header the Hub reads (configs and splits,
// features, size category, language, task) and the provenance a reader needs to trust the data
// (topic, teachers and models, rules and thresholds, counts, date).
import { stringify } from 'yaml';
import type { ExportManifest } from '../manifest.js';
import type { ColumnFields, ColumnType } from '../parquet/index.js';

type Feature = Record<string, unknown>;

/** `datasets`' YAML features: dtype for a value, list for a list of structs, sequence for a list of values. */
export function hfFeatures(fields: ColumnFields): Feature[] {
  return Object.entries(fields).map(([name, field]) => ({ name, ...featureType(field.type) }));
}

function featureType(type: ColumnType): Feature {
  if (typeof type === 'string') return { dtype: type === 'bool' ? 'bool' : type };
  if ('struct' in type) return { struct: hfFeatures(type.struct) };
  const item = type.list;
  if (typeof item === 'object' && 'struct' in item) return { list: hfFeatures(item.struct) };
  return { sequence: featureType(item) };
}

/** The Hub's size_categories buckets. */
export function sizeCategory(rows: number): string {
  const bounds: [number, string][] = [
    [1e3, 'n<1K'],
    [1e4, '1K<n<10K'],
    [1e5, '10K<n<100K'],
    [1e6, '100K<n<1M'],
    [1e7, '1M<n<10M'],
    [1e8, '10M<n<100M'],
  ];
  return bounds.find(([bound]) => rows < bound)?.[1] ?? '100M<n<1B';
}

export interface CardSplit {
  name: string;
  rows: number;
  /** Parquet bytes of the split's files. */
  bytes: number;
}

/** One line of Markdown: model-written names and the topic cannot start a heading or break a table. */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([|\\`*_<>[\]])/g, '\\$1');
}

export function datasetCard(manifest: ExportManifest, fields: ColumnFields, splits: readonly CardSplit[]): string {
  const header = {
    pretty_name: manifest.project.topic.replace(/[\r\n]+/g, ' ').slice(0, 200),
    language: [manifest.project.language],
    task_categories: ['text-generation'],
    tags: ['synthetic', 'distillation', 'sft', ...(manifest.options.reasoning === 'none' ? [] : ['reasoning'])],
    size_categories: [sizeCategory(manifest.records)],
    configs: [{ config_name: 'default', data_files: splits.map((split) => ({ split: split.name, path: `data/${split.name}-*` })) }],
    dataset_info: {
      features: hfFeatures(fields),
      splits: splits.map((split) => ({ name: split.name, num_examples: split.rows })),
      download_size: splits.reduce((sum, split) => sum + split.bytes, 0),
    },
  };
  const options = manifest.options;
  const lines = [
    '---',
    stringify(header).trimEnd(),
    '---',
    '',
    `# ${cell(manifest.project.topic)}`,
    '',
    `Questions and answers on "${cell(manifest.project.topic)}", written by teacher models and curated with distill`,
    `(rule checks, then human review): only accepted answers are here. Exported ${manifest.createdAt}.`,
    '',
    '## Splits',
    '',
    '| split | rows |',
    '| --- | --- |',
    ...splits.map((split) => `| ${split.name} | ${split.rows} |`),
    '',
    `Layout: ${options.format}; reasoning: ${reasoningNote(options.reasoning)}.` +
      (options.split
        ? ` Split by question (no question on both sides), training share ${options.split.train}, seed ${options.split.seed}.`
        : ''),
    ...(options.system === null ? [] : ['', `System prompt of every record: "${cell(options.system)}"`]),
    '',
    '## Provenance',
    '',
    `- Accepted candidates: ${manifest.accepted}; exported: ${manifest.records}` +
      `; left out by the per-tag cap: ${manifest.droppedByCap}; left out as invalid: ${manifest.invalid.count}.`,
    `- Tags: ${Object.keys(manifest.tags).length}.`,
    '',
    '| teacher model | records |',
    '| --- | --- |',
    ...Object.entries(manifest.models).map(([model, count]) => `| ${cell(model)} | ${count} |`),
    ...(Object.keys(manifest.teachers).length === 0
      ? []
      : [
          '',
          '| teacher | records |',
          '| --- | --- |',
          ...Object.entries(manifest.teachers).map(([name, count]) => `| ${cell(name)} | ${count} |`),
        ]),
    '',
    `Tokens of the exported generations: ${manifest.tokens.prompt} prompt, ${manifest.tokens.completion} completion` +
      ` (${manifest.tokens.reasoning} reasoning).`,
    '',
    'Rules and thresholds the candidates were checked against:',
    '',
    '```json',
    JSON.stringify(manifest.rules, null, 2).replace(/```/g, '` ` `'),
    '```',
    '',
    'Per-record content hashes, tags and counts per flag are in `distill-manifest.json`;',
    '`distill export diff OLD NEW` says what changed between two releases.',
    '',
    'No license is set: add one to the header before publishing.',
    '',
  ];
  return lines.join('\n');
}

function reasoningNote(mode: string): string {
  if (mode === 'think') return 'the trace in a `<think>` block before each answer';
  if (mode === 'field') return 'the trace in its own field';
  return 'none (answers only)';
}
