import type { Language } from '../core/types.js';
import type { TeacherReply } from './completion-body.js';
import type { FaultAction } from './faults.js';
import type { FixtureContent } from './fixture-content.js';
import { itemCount, listContent, type ListItemText, type ListStyle, type RequestedFormat } from './list-styles.js';
import { gradeCandidate, judgeReply } from './judge-persona.js';
import type { RecognizedRequest } from './recognize-request.js';

export type ReplyFault = Exclude<FaultAction, { type: 'delay' | 'status' | 'hang' | 'stall' | 'drop' | 'cut' | 'trickle' | 'huge' }>;

export interface ListShape {
  /** Styles of the server, the model name and the request's fault, together. */
  styles: ReadonlySet<ListStyle>;
  /** The structured output the request asked for (and the server took). */
  format: RequestedFormat;
}

const PLAIN: ListShape = { styles: new Set(), format: null };

/** What the offline teacher replies to a recognised request, shaped by a content fault if one applies. */
export function buildReply(
  content: FixtureContent,
  request: RecognizedRequest,
  sample: number,
  fault: ReplyFault | null,
  shape: ListShape = PLAIN,
): TeacherReply {
  if (fault?.type === 'empty') return { reasoning: '', content: '', finishReason: 'stop' };
  const styles = fault?.type === 'short-list' || fault?.type === 'fenced-json' ? withFaultStyle(shape.styles, fault.type) : shape.styles;
  switch (request.kind) {
    case 'tags': {
      const names = content.tagNames(request.path, request.language, itemCount(request.count, styles), request.siblings);
      return listReply('tags', names, { styles, format: shape.format }, request, fault);
    }
    case 'questions': {
      const questions = content.questions(request.path, request.language, itemCount(request.count, styles), request.existing);
      return listReply('questions', questions, { styles, format: shape.format }, request, fault);
    }
    case 'judge': {
      const grade = gradeCandidate(request, content.agreedAnswer(request.question, request.language));
      return judgeReply(grade, `${request.question}\u0000${request.answer}`, shape.format);
    }
    case 'answer': {
      const answer = content.answer(request.question, request.language, sample);
      if (fault?.type === 'truncate') return { reasoning: answer.reasoning, content: half(answer.answer), finishReason: 'length' };
      if (fault?.type === 'refuse') return { reasoning: '', content: '', finishReason: 'stop', refusal: fault.message ?? REFUSAL };
      if (fault?.type === 'content-filter') return { reasoning: '', content: half(half(answer.answer)), finishReason: 'content_filter' };
      return { reasoning: answer.reasoning, content: answer.answer, finishReason: answer.finishReason };
    }
  }
}

const REFUSAL = "I'm sorry, but I can't help with that.";

function withFaultStyle(styles: ReadonlySet<ListStyle>, fault: 'short-list' | 'fenced-json'): Set<ListStyle> {
  return new Set([...styles, fault === 'short-list' ? 'short' : 'fenced']);
}

function listReply(
  kind: 'tags' | 'questions',
  items: readonly (string | ListItemText)[],
  shape: ListShape,
  request: { language: Language; path: string; count: number },
  fault: ReplyFault | null,
): TeacherReply {
  // A think style carries its reasoning in the content; the reasoning field stays empty, as on a server without a parser.
  const inContent = shape.format === null && (shape.styles.has('think') || shape.styles.has('think-closing-only'));
  const reasoning = inContent ? '' : listReasoning(request.language, request.path, request.count);
  const content = listContent(kind, items, shape.styles, shape.format, request.language);
  switch (fault?.type) {
    case 'broken-json':
      // JavaScript-style quotes: what a sloppy model writes, and never valid JSON.
      return { reasoning, content: content.replaceAll('"', "'"), finishReason: 'stop' };
    case 'truncate':
      return { reasoning, content: half(content), finishReason: 'length' };
    default:
      return { reasoning, content, finishReason: 'stop' };
  }
}

function listReasoning(language: Language, path: string, count: number): string {
  return language === 'zh'
    ? `需要为“${path}”给出 ${count} 项，彼此不重叠，也不与已有的重复。`
    : `I need ${count} distinct, non-overlapping items for "${path}" that avoid the existing ones.`;
}

function half(text: string): string {
  const chars = Array.from(text);
  return chars.slice(0, Math.floor(chars.length / 2)).join('');
}
