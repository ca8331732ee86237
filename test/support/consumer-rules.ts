// The rules the trainers' own code applies to a dataset, written out here from reading that code
// (not copied): each function returns the problems it would raise or the way it would misread a
// record, so a test can say "LLaMA-Factory loads this as intended".

type Json = Record<string, unknown>;
type Message = Record<string, unknown>;

/** LLaMA-Factory's default thought words (template.py): a reasoning template looks for these. */
export const THOUGHT_WORDS = ['<think>\n', '\n</think>\n\n'] as const;

/** Its remove_thought: a non-greedy match from the first opening to the first closing word. */
export function removeThought(content: string): string {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${escape(THOUGHT_WORDS[0])}([\\s\\S]*?)${escape(THOUGHT_WORDS[1])}`, 'g');
  return content.replace(pattern, '').replace(/^\n+/, '');
}

interface DatasetInfoEntry {
  file_name: string;
  formatting?: 'alpaca' | 'sharegpt';
  columns?: Record<string, string>;
  tags?: Record<string, string>;
}

/** What LLaMA-Factory's converters make of one record: its prompt turns and response, or why it drops it. */
export function llamaFactoryConvert(
  entry: DatasetInfoEntry,
  record: Json,
): { prompt: { role: string; content: string }[]; response: string; system: string } | { dropped: string } {
  const columns = entry.columns ?? {};
  if ((entry.formatting ?? 'alpaca') === 'alpaca') {
    // Alpaca: prompt/query/response columns, defaults instruction/input/output; unmapped keys are never read.
    const prompt = record[columns.prompt ?? 'instruction'];
    const query = record[columns.query ?? 'input'];
    const response = record[columns.response ?? 'output'];
    if (typeof prompt !== 'string' || typeof response !== 'string') return { dropped: 'missing prompt or response column' };
    const content = [prompt, typeof query === 'string' ? query : ''].filter((part) => part !== '').join('\n');
    const system = columns.system ? textOf(record[columns.system]) : '';
    return { prompt: [{ role: 'user', content }], response, system };
  }
  // ShareGPT: roles must be one of the tags; user/observation turns at odd positions and
  // assistant/function turns at even ones; an even number of turns, else the example is dropped.
  const tags = {
    role: entry.tags?.role_tag ?? 'from',
    content: entry.tags?.content_tag ?? 'value',
    user: entry.tags?.user_tag ?? 'human',
    assistant: entry.tags?.assistant_tag ?? 'gpt',
    observation: entry.tags?.observation_tag ?? 'observation',
    function: entry.tags?.function_tag ?? 'function_call',
    system: entry.tags?.system_tag ?? 'system',
  };
  const messages = record[columns.messages ?? 'conversations'];
  if (!Array.isArray(messages)) return { dropped: 'no messages column' };
  let turns = messages as Message[];
  let system = columns.system ? textOf(record[columns.system]) : '';
  if (turns[0] && turns[0][tags.role] === tags.system) {
    system = String(turns[0][tags.content]);
    turns = turns.slice(1);
  }
  const odd = [tags.user, tags.observation];
  const even = [tags.assistant, tags.function];
  const converted: { role: string; content: string }[] = [];
  for (const [index, turn] of turns.entries()) {
    const role = turn[tags.role];
    if (typeof role !== 'string' || !(index % 2 === 0 ? odd : even).includes(role)) return { dropped: `invalid role tag ${String(role)}` };
    converted.push({ role: role === tags.user ? 'user' : 'assistant', content: String(turn[tags.content]) });
  }
  if (converted.length % 2 !== 0 || converted.length === 0) return { dropped: 'invalid message count' };
  return { prompt: converted.slice(0, -1), response: converted.at(-1)!.content, system };
}

/** TRL's is_conversational: the first supported key holds a list whose first item has role and content. */
export function trlIsConversational(record: Json): boolean {
  const key = ['prompt', 'chosen', 'rejected', 'completion', 'messages'].find((name) => name in record);
  if (key === undefined) return false;
  const value = record[key];
  return Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null && 'role' in value[0] && 'content' in value[0];
}

/** TRL's apply_chat_template accepts these key sets only. */
const TRL_KEY_SETS = [['messages'], ['prompt'], ['prompt', 'completion'], ['prompt', 'chosen', 'rejected'], ['chosen', 'rejected']];

/** Problems TRL's SFTTrainer would have with a record: a key set it refuses, a role no chat template renders. */
export function trlProblems(record: Json): string[] {
  const problems: string[] = [];
  const converted = trlMaybeConvertToChatml(record);
  if (!trlIsConversational(converted)) problems.push('not conversational');
  const keys = ['prompt', 'chosen', 'rejected', 'completion', 'messages', 'label'].filter((key) => key in converted).sort();
  if (!TRL_KEY_SETS.some((set) => [...set].sort().join() === keys.join())) problems.push(`invalid keys ${keys.join(',')}`);
  for (const key of ['tools', 'images', 'image']) if (key in converted) problems.push(`"${key}" is read by the trainer`);
  for (const key of ['messages', 'prompt', 'completion']) {
    for (const message of (converted[key] as Message[] | undefined) ?? []) {
      if (!['system', 'user', 'assistant', 'tool'].includes(String(message.role)))
        problems.push(`role ${String(message.role)} renders to nothing`);
    }
  }
  if (Array.isArray(converted.prompt) && (converted.prompt as Message[]).at(-1)?.role !== 'user')
    problems.push('prompt does not end with a user turn');
  return problems;
}

/** TRL's maybe_convert_to_chatml: from/value become role/content (role values unchanged), conversations becomes messages. */
export function trlMaybeConvertToChatml(record: Json): Json {
  const copy = structuredClone(record);
  for (const key of ['prompt', 'completion', 'chosen', 'rejected', 'messages', 'conversations']) {
    const value = copy[key];
    if (!Array.isArray(value)) continue;
    for (const message of value as Message[]) {
      if ('from' in message) {
        message.role = message.from;
        delete message.from;
      }
      if ('value' in message) {
        message.content = message.value;
        delete message.value;
      }
    }
  }
  if ('conversations' in copy) {
    copy.messages = copy.conversations;
    delete copy.conversations;
  }
  return copy;
}

/** The OpenAI cookbook's fine-tuning format checks (chat format): the error kinds it counts. */
export function openAiFormatErrors(record: unknown): string[] {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return ['data_type'];
  const messages = (record as Json).messages;
  if (!Array.isArray(messages) || messages.length === 0) return ['missing_messages_list'];
  const errors: string[] = [];
  for (const message of messages as Message[]) {
    if (!('role' in message) || !('content' in message)) errors.push('message_missing_key');
    if (Object.keys(message).some((key) => !['role', 'content', 'name', 'function_call', 'weight'].includes(key))) {
      errors.push('message_unrecognized_key');
    }
    if (!['system', 'user', 'assistant', 'function'].includes(String(message.role))) errors.push('unrecognized_role');
    const content = message.content;
    if ((!content && !message.function_call) || typeof content !== 'string') errors.push('missing_content');
  }
  if (!(messages as Message[]).some((message) => message.role === 'assistant')) errors.push('example_missing_assistant_message');
  return errors;
}

/** A JSON value's type as Arrow's JSON reader (behind `datasets`' json loader) infers it, recursively. */
export function inferredType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const items = [...new Set(value.map(inferredType))];
    return `list<${items.join('|')}>`;
  }
  if (typeof value === 'object') {
    const fields = Object.entries(value as Json)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, field]) => `${key}:${inferredType(field)}`);
    return `struct<${fields.join(',')}>`;
  }
  return typeof value;
}

/** `datasets` needs one schema for every row: the rows whose inferred type differs from the first row's. */
export function inconsistentRows(records: readonly unknown[]): number[] {
  if (records.length === 0) return [];
  const first = inferredType(records[0]);
  return records.flatMap((record, index) => (inferredType(record) === first ? [] : [index]));
}

/** A column read as text, the way Python's str() would turn a missing one into nothing. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
}
