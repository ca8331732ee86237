// How the offline teacher writes a list, modelled on what real teachers send back to the tags and
// questions prompts. A style is chosen for the whole server (an option), per model name
// (`offline-teacher+strings+short`: every `+name` that names a style), or per request (a
// `list-style` fault), so one server can play several untidy teachers at once.
import type { Language } from '../core/types.js';

export type ListStyle =
  /** A bare array of strings, `["How …?", "Why …?"]`: Easy Dataset's own prompt, and many models. */
  | 'strings'
  /** Objects with the text under "question" and no difficulty. */
  | 'no-difficulty'
  /** About half the items asked for (3 of 5). */
  | 'short'
  /** Three more items than asked for. */
  | 'long'
  /** ```json fences with a sentence before and after. */
  | 'fenced'
  /** A long `<think>` block in the content, drafts and brackets included, then the list (no reasoning parser). */
  | 'think'
  /** The same with only the closing `</think>` (R1 chat templates open the block in the prompt). */
  | 'think-closing-only'
  /** A server without structured output: 400 to any response_format. */
  | 'no-structured-output'
  /** A server with JSON mode only (as DeepSeek's): 400 to json_schema, json_object honoured. */
  | 'json-object-only';

export const LIST_STYLES: readonly ListStyle[] = [
  'strings',
  'no-difficulty',
  'short',
  'long',
  'fenced',
  'think',
  'think-closing-only',
  'no-structured-output',
  'json-object-only',
];

const STYLE_NAMES = new Set<string>(LIST_STYLES);

/** The styles a model name asks for: `qwen+strings+no-structured-output` → strings, no-structured-output. */
export function stylesOfModel(model: string): ListStyle[] {
  return model
    .split('+')
    .slice(1)
    .filter((part): part is ListStyle => STYLE_NAMES.has(part));
}

export function isListStyle(value: unknown): value is ListStyle {
  return typeof value === 'string' && STYLE_NAMES.has(value);
}

/** How many items a list of `count` has in these styles. */
export function itemCount(count: number, styles: ReadonlySet<ListStyle>): number {
  if (styles.has('short')) return Math.ceil(count / 2);
  if (styles.has('long')) return count + 3;
  return count;
}

/** The structured output a request asked for, as the server sees it. */
export type RequestedFormat = 'json_schema' | 'json_object' | null;

/** Why a server with these styles refuses a request's response_format, or null when it takes it. */
export function refusalOf(format: RequestedFormat, styles: ReadonlySet<ListStyle>): string | null {
  if (format === null) return null;
  // The words OpenAI-compatible servers use for an argument they do not know, and DeepSeek's for json_schema.
  if (styles.has('no-structured-output')) return 'Unrecognized request argument supplied: response_format';
  if (format === 'json_schema' && styles.has('json-object-only')) return 'This response_format type is unavailable now';
  return null;
}

export interface ListItemText {
  text: string;
  difficulty: string;
  reference?: string;
}

/**
 * The content of a list reply. Under json_schema it is exactly the schema's shape (guided decoding
 * allows nothing else; a fixture's reference is kept, since the demo's checks rely on it); under
 * json_object it is one JSON object, items as the styles write them; without structured output
 * every style applies.
 */
export function listContent(
  kind: 'tags' | 'questions',
  items: readonly (string | ListItemText)[],
  styles: ReadonlySet<ListStyle>,
  format: RequestedFormat,
  language: Language,
): string {
  if (format === 'json_schema') return JSON.stringify({ [kind]: items }, null, 2);
  const shaped = items.map((item) => shapeItem(item, styles));
  if (format === 'json_object') return JSON.stringify({ [kind]: shaped }, null, 2);
  // Plain string arrays come bare, as the prompts that ask for them show; objects come wrapped.
  const json = JSON.stringify(styles.has('strings') ? shaped : { [kind]: shaped }, null, 2);
  let content = json;
  if (styles.has('fenced')) {
    const [before, after] =
      language === 'zh' ? ['以下是你要的列表：', '希望对你有帮助。'] : ['Here is the list you asked for:', 'I hope these help.'];
    content = `${before}\n\n\`\`\`json\n${json}\n\`\`\`\n\n${after}`;
  }
  if (styles.has('think')) return `<think>\n${longDeliberation(items.length, language)}\n</think>\n\n${content}`;
  if (styles.has('think-closing-only')) return `${longDeliberation(items.length, language)}\n</think>\n\n${content}`;
  return content;
}

function shapeItem(item: string | ListItemText, styles: ReadonlySet<ListStyle>): unknown {
  if (typeof item === 'string') return styles.has('no-difficulty') ? { name: item } : item;
  if (styles.has('strings')) return item.text;
  if (styles.has('no-difficulty')) return { question: item.text, ...(item.reference ? { reference: item.reference } : {}) };
  return item;
}

// What a reasoning model writes before its list when no parser takes it apart: long, with a
// draft list, brackets and braces of its own, so only the list after it may be read.
function longDeliberation(count: number, language: Language): string {
  const paragraph =
    language === 'zh'
      ? `我需要给出 ${count} 项。先列一个草稿：["草稿一", "草稿二"]，再检查是否与已有内容重复 {不重复}，并调整顺序。`
      : `I need ${count} items. A first draft: ["draft one", "draft two"] — then check each against the existing ones {none repeat} and reorder them.`;
  return Array.from({ length: 24 }, (_, index) => `${index + 1}. ${paragraph}`).join('\n\n');
}
