// What each trainer reads, so that `--for T` writes what T uses as intended and refuses what T
// would silently mangle. The rules come from the consumers' own code: LLaMA-Factory's dataset
// converters read only the columns mapped in dataset_info.json; TRL's SFTTrainer reads
// role/content messages (`messages`, or `prompt` + `completion`); OpenAI's fine-tuning format takes
// `messages` whose entries hold role, content, name, function_call and weight only.
import type { ExportFormat, ExportTarget, ReasoningMode } from './export-options.js';

export interface TargetRules {
  /** Formats the target reads; the first is its default. */
  formats: readonly ExportFormat[];
  reasoning: ReasoningMode;
  /** Writes LLaMA-Factory's dataset_info.json beside the file. */
  datasetInfo: boolean;
  /** jsonl: FILE (+ FILE.val.jsonl); parquet: a Hugging Face dataset folder. */
  container: 'jsonl' | 'parquet';
  /** Top-level names the target itself reads: a tag field may not take one. */
  reserved: readonly string[];
  /** Extra top-level fields (a tag path, an id) are allowed. */
  extraFields: boolean;
  /** Why a format is refused (its first line of advice), by format. */
  refusedFormat?: (format: ExportFormat) => string;
  /** Why --reasoning field is refused, or null when it is kept. */
  refusedField?: (format: ExportFormat) => string | null;
  /** A warning for --reasoning field where it is only lossy. */
  fieldWarning?: (format: ExportFormat) => string | null;
}

const LLAMA_FACTORY_DROPS_FIELD = (format: ExportFormat): string =>
  format === 'messages'
    ? "LLaMA-Factory's sharegpt converter reads only role and content: every reasoning_content trace would be dropped at training time"
    : `LLaMA-Factory reads no "reasoning" column of ${format} data: every trace would be dropped at training time`;

/** TRL and the Hub's chat templates: Qwen3's renders reasoning_content, most others drop it. */
const TEMPLATES_MAY_DROP_FIELD =
  "the trace goes in reasoning_content, which only chat templates that read it (Qwen3's, for one) render; others drop it without a word (--reasoning think keeps it in every template)";

const TRL_READS = ['messages', 'prompt', 'completion', 'text', 'chosen', 'rejected', 'label'];
/** Read by TRL's SFTTrainer beside the messages (tools for the chat template, images for vision models, …). */
const TRL_EXTRAS = ['tools', 'images', 'image', 'chat_template_kwargs', 'completion_mask', 'assistant_masks', 'input_ids'];
/** LLaMA-Factory columns a dataset_info.json entry may map (multimodal, tools, preference data). */
const LLAMA_FACTORY_COLUMNS = ['tools', 'images', 'videos', 'audios', 'chosen', 'rejected', 'kto_tag', 'history'];

const TARGETS: Record<ExportTarget, TargetRules> = {
  'llama-factory': {
    formats: ['sharegpt', 'alpaca', 'messages'],
    reasoning: 'think',
    datasetInfo: true,
    container: 'jsonl',
    reserved: LLAMA_FACTORY_COLUMNS,
    extraFields: true,
    refusedFormat: () => 'LLaMA-Factory has no prompt-completion layout; use --format sharegpt, alpaca or messages',
    refusedField: (format) => `${LLAMA_FACTORY_DROPS_FIELD(format)}; use --reasoning think (its thought words) or none`,
  },
  trl: {
    formats: ['prompt-completion', 'messages'],
    reasoning: 'think',
    datasetInfo: false,
    container: 'jsonl',
    reserved: [...TRL_READS, ...TRL_EXTRAS],
    extraFields: true,
    refusedFormat: (format) =>
      format === 'sharegpt'
        ? "TRL maps sharegpt's from/value keys but not its roles human and gpt, so its chat templates render those turns to nothing; use --format prompt-completion or messages"
        : "TRL's SFTTrainer reads messages, prompt/completion or text, not alpaca's instruction and output; use --format prompt-completion or messages",
    fieldWarning: () => TEMPLATES_MAY_DROP_FIELD,
  },
  openai: {
    formats: ['messages'],
    reasoning: 'none',
    datasetInfo: false,
    container: 'jsonl',
    reserved: ['messages', 'tools', 'parallel_tool_calls', 'functions'],
    extraFields: false,
    refusedFormat: () => "OpenAI's fine-tuning takes the messages format only; use --format messages",
    refusedField: () =>
      "OpenAI's fine-tuning format rejects the reasoning_content key; use --reasoning none (the answer alone) or think (the trace trained as visible text)",
  },
  hf: {
    formats: ['messages', 'prompt-completion', 'alpaca', 'sharegpt'],
    reasoning: 'think',
    datasetInfo: false,
    container: 'parquet',
    reserved: [],
    extraFields: true,
    fieldWarning: (format) => (format === 'messages' || format === 'prompt-completion' ? TEMPLATES_MAY_DROP_FIELD : null),
  },
};

/** Without --for: a JSONL file for LLaMA-Factory (dataset_info.json beside it), any format, warnings only. */
const UNTARGETED: TargetRules = {
  formats: ['alpaca', 'sharegpt', 'messages', 'prompt-completion'],
  reasoning: 'think',
  datasetInfo: true,
  container: 'jsonl',
  reserved: [],
  extraFields: true,
  fieldWarning: (format) =>
    format === 'prompt-completion'
      ? TEMPLATES_MAY_DROP_FIELD
      : `${LLAMA_FACTORY_DROPS_FIELD(format)} (--for llama-factory refuses this; --for trl or hf keep the trace)`,
};

export function targetRules(target: ExportTarget | undefined): TargetRules {
  return target === undefined ? UNTARGETED : TARGETS[target];
}

/** dataset_info.json has no layout for prompt-completion data, so none is written for it. */
export function writesDatasetInfo(target: ExportTarget | undefined, format: ExportFormat): boolean {
  return targetRules(target).datasetInfo && format !== 'prompt-completion';
}

export interface ExportChoice {
  format: ExportFormat;
  reasoning: ReasoningMode;
}

/** The format and reasoning mode to use: what was asked, else the target's defaults; or why not. */
export function chooseFormat(
  target: ExportTarget | undefined,
  format: ExportFormat | undefined,
  reasoning: ReasoningMode | undefined,
): ExportChoice | { problem: string } {
  const rules = targetRules(target);
  if (format === undefined && target === undefined) {
    return { problem: 'give --format alpaca|sharegpt|messages|prompt-completion, or --for llama-factory|trl|openai|hf' };
  }
  const chosen = format ?? rules.formats[0]!;
  if (!rules.formats.includes(chosen)) {
    return { problem: `--for ${target}: ${rules.refusedFormat?.(chosen) ?? `use --format ${rules.formats.join(', ')}`}` };
  }
  const mode = reasoning ?? rules.reasoning;
  const refused = mode === 'field' ? (rules.refusedField?.(chosen) ?? null) : null;
  if (refused !== null) return { problem: `--for ${target} --reasoning field: ${refused}` };
  return { format: chosen, reasoning: mode };
}

/** Warnings for a combination the target keeps but partly loses. */
export function formatWarnings(target: ExportTarget | undefined, choice: ExportChoice): string[] {
  if (choice.reasoning !== 'field') return [];
  const warning = targetRules(target).fieldWarning?.(choice.format) ?? null;
  return warning === null ? [] : [`--reasoning field with ${choice.format}: ${warning}`];
}
