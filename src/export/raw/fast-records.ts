// The export's fast path for one tag: a candidate read as bytes (raw/candidate-line.ts) becomes
// its record by filling the tag's record template, without making a string of its texts. Only a
// record the fast path is sure of goes this way: one whose texts are plainly blank or plainly
// not (what the schemas' "not blank" patterns look at), holds no <think> tag when the format
// adds think blocks, and whose stand-in record (the same question, "x" or "" for the texts)
// passes the format's validator. Every other record is left to the ordinary path, which gives
// the exact reason a record is refused.
import type { RecordShape } from '../format-record.js';
import { formatRecord } from '../format-record.js';
import type { RecordValidator } from '../record-validator.js';
import type { RawCandidate } from './candidate-line.js';
import { startsVisible } from './json-string-bytes.js';
import { ANSWER, ID, QUESTION, REASONING, RecordTemplate } from './record-template.js';

const THINK_TAG_END = Buffer.from('think>');

/** Blank (0), visible (1), or not sure (-1), for a JSON body. */
function textKind(bytes: Buffer, start: number, end: number): number {
  if (start === end) return 0;
  return startsVisible(bytes, start, end) ? 1 : -1;
}

interface QuestionBytes {
  json: Buffer;
  utf8: Buffer;
  /** The stand-in record's problem (or null), by text kinds: reasoning * 2 + answer. */
  problems: (string | null | undefined)[];
}

export class FastRecords {
  readonly template: RecordTemplate;
  private readonly questions = new Map<string, QuestionBytes>();
  private readonly thinking: boolean;

  private constructor(
    template: RecordTemplate,
    private readonly shape: RecordShape,
    private readonly tagPath: string,
    private readonly validate: RecordValidator,
  ) {
    this.template = template;
    this.thinking = shape.reasoning === 'think';
  }

  static of(shape: RecordShape, tagPath: string, validate: RecordValidator): FastRecords | null {
    const template = RecordTemplate.of(shape, tagPath);
    return template === null ? null : new FastRecords(template, shape, tagPath, validate);
  }

  /** Fills the template with the candidate's record; false when this record should go the ordinary way. */
  fill(raw: RawCandidate, questionId: string, questionText: string): boolean {
    const { line } = raw;
    const reasoning = textKind(line, raw.reasoningStart, raw.reasoningEnd);
    const answer = textKind(line, raw.answerStart, raw.answerEnd);
    if (reasoning < 0 || answer < 0) return false;
    // A think tag anywhere on the line (`<think>` and `</think>` both end in "think>") sends it the ordinary way.
    if (this.thinking && line.indexOf(THINK_TAG_END) >= 0) return false;
    const question = this.questionBytes(questionId, questionText);
    const kinds = reasoning * 2 + answer;
    let problem = question.problems[kinds];
    if (problem === undefined) problem = question.problems[kinds] = this.standInProblem(questionText, reasoning, answer);
    if (problem !== null) return false;
    const slots = this.template.slots;
    slots.setEncoded(QUESTION, question.json, question.utf8);
    slots.setBody(REASONING, line, raw.reasoningStart, raw.reasoningEnd, raw.reasoningEscaped);
    slots.setBody(ANSWER, line, raw.answerStart, raw.answerEnd, raw.answerEscaped);
    slots.setBody(ID, line, raw.idStart, raw.idEnd, true);
    return true;
  }

  private questionBytes(questionId: string, text: string): QuestionBytes {
    let found = this.questions.get(questionId);
    if (!found) {
      const json = JSON.stringify(text);
      found = { json: Buffer.from(json.slice(1, -1), 'utf8'), utf8: Buffer.from(text, 'utf8'), problems: [] };
      this.questions.set(questionId, found);
    }
    return found;
  }

  private standInProblem(question: string, reasoning: number, answer: number): string | null {
    const standIn = (kind: number): string => (kind === 0 ? '' : 'x');
    const record = formatRecord(
      { id: 'x', question, reasoning: standIn(reasoning), answer: standIn(answer), tagPath: this.tagPath },
      this.shape,
    );
    return this.validate(record);
  }
}
