// Options are checked before anything is read or written, so a typo costs nothing.
import { ExportError } from './export-error.js';
import { EXPORT_FORMATS, EXPORT_TARGETS, REASONING_MODES, type ExportOptions } from './export-options.js';
import { chooseFormat, formatWarnings, targetRules } from './export-targets.js';
import { checkTagFieldName } from './format-record.js';

export function checkExportOptions(options: ExportOptions): void {
  const problem = exportOptionsProblem(options);
  if (problem !== null) throw new ExportError(problem);
}

const CONSUMER_NAMES = { 'llama-factory': 'LLaMA-Factory', trl: "TRL's SFTTrainer", openai: "OpenAI's fine-tuning", hf: 'the Hub' };

/** Null when the options are usable, else a one-line reason that says what to pass instead. */
export function exportOptionsProblem(options: ExportOptions): string | null {
  if (options.target !== undefined && !EXPORT_TARGETS.includes(options.target)) {
    return `unknown --for "${options.target}"; use one of ${EXPORT_TARGETS.join(', ')}`;
  }
  if (!EXPORT_FORMATS.includes(options.format)) {
    return `unknown format "${options.format}"; use one of ${EXPORT_FORMATS.join(', ')}`;
  }
  if (options.reasoning !== undefined && !REASONING_MODES.includes(options.reasoning)) {
    return `unknown reasoning mode "${options.reasoning}"; use one of ${REASONING_MODES.join(', ')}`;
  }
  const choice = chooseFormat(options.target, options.format, options.reasoning);
  if ('problem' in choice) return choice.problem;
  if (options.out.trim() === '') return 'the output file name is empty; pass --out FILE';
  const rules = targetRules(options.target);
  if (!rules.extraFields && (options.tagField !== undefined || options.ids)) {
    const flag = options.ids ? '--ids' : '--tag-field';
    return `--for ${options.target} ${flag}: ${CONSUMER_NAMES[options.target!]} files take "messages" only; the tag paths and candidate ids are in the manifest`;
  }
  if (options.tagField !== undefined) {
    const consumer = { reserved: rules.reserved, by: options.target === undefined ? '' : CONSUMER_NAMES[options.target] };
    const problem = checkTagFieldName(options.tagField, options.format, consumer, options.ids === true);
    if (problem !== null) return problem;
  }
  if (options.maxPerTag !== undefined && !(Number.isInteger(options.maxPerTag) && options.maxPerTag >= 1)) {
    return `--max-per-tag must be a whole number of at least 1 (got ${options.maxPerTag})`;
  }
  if (options.split !== undefined && !(options.split > 0 && options.split < 1)) {
    return `--split is the training share and must be between 0 and 1, e.g. 0.95 (got ${options.split})`;
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    return `--seed must be a whole number (got ${options.seed})`;
  }
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 0)) {
    return `--workers must be a whole number of at least 0 (got ${options.workers})`;
  }
  return null;
}

/** What the export keeps but a consumer will partly lose; printed, never fatal. */
export function exportOptionsWarnings(options: ExportOptions): string[] {
  return formatWarnings(options.target, { format: options.format, reasoning: options.reasoning ?? targetRules(options.target).reasoning });
}
