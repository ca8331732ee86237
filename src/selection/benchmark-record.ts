// Which field of a benchmark record (or of an earlier export's record) is the question. Benchmarks
// spell it many ways (MATH: problem, GPQA: Question, AIME: problem, MMLU: question); an export of
// ours holds it as the user turn of its Alpaca, ShareGPT or messages record.

const QUESTION_FIELDS = ['question', 'problem', 'prompt', 'instruction', 'input', 'query', 'text', 'content'];
const ID_FIELDS = ['id', 'unique_id', 'problem_id', 'question_id', 'uid', 'idx', 'ID', 'Record ID'];

/** The question text of one record, or '' when it has none. */
export function questionTextOf(record: unknown): string {
  if (typeof record === 'string') return record;
  if (!record || typeof record !== 'object' || Array.isArray(record)) return '';
  const fields = record as Record<string, unknown>;
  const turn = userTurnOf(fields);
  if (turn) return turn;
  for (const name of QUESTION_FIELDS) {
    const value = fieldOf(fields, name);
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return '';
}

/** The record's own id when it has one, else its position (1-based, as a person counts lines). */
export function itemIdOf(record: unknown, position: number): string {
  if (record && typeof record === 'object' && !Array.isArray(record)) {
    for (const name of ID_FIELDS) {
      const value = (record as Record<string, unknown>)[name];
      if ((typeof value === 'string' && value !== '') || typeof value === 'number' || typeof value === 'bigint') return String(value);
    }
  }
  return `#${position}`;
}

/** A field by name, or by the same name capitalised (GPQA's `Question`). */
function fieldOf(fields: Record<string, unknown>, name: string): unknown {
  return fields[name] ?? fields[name[0]!.toUpperCase() + name.slice(1)];
}

/** The first user turn of a ShareGPT (`conversations`) or messages (`messages`) record. */
function userTurnOf(fields: Record<string, unknown>): string {
  for (const key of ['messages', 'conversations']) {
    const turns = fields[key];
    if (!Array.isArray(turns)) continue;
    for (const turn of turns as Record<string, unknown>[]) {
      if (!turn || typeof turn !== 'object') continue;
      const role = turn.role ?? turn.from;
      const text = turn.content ?? turn.value;
      if ((role === 'user' || role === 'human') && typeof text === 'string') return text;
    }
  }
  return '';
}
