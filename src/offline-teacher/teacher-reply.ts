import type { Language } from '../core/types.js';
import type { TeacherReply } from './completion-body.js';
import type { FaultAction } from './faults.js';
import type { FixtureContent } from './fixture-content.js';
import type { RecognizedRequest } from './recognize-request.js';

export type ReplyFault = Exclude<FaultAction, { type: 'delay' | 'status' | 'hang' | 'stall' | 'drop' | 'cut' | 'trickle' | 'huge' }>;

/** What the offline teacher replies to a recognised request, shaped by a content fault if one applies. */
export function buildReply(content: FixtureContent, request: RecognizedRequest, sample: number, fault: ReplyFault | null): TeacherReply {
  if (fault?.type === 'empty') return { reasoning: '', content: '', finishReason: 'stop' };
  switch (request.kind) {
    case 'tags': {
      const names = content.tagNames(request.path, request.language, request.count, request.siblings);
      const shown = fault?.type === 'short-list' ? names.slice(0, Math.floor(request.count / 2)) : names;
      return listReply({ tags: shown }, listReasoning(request.language, request.path, request.count), request.language, fault);
    }
    case 'questions': {
      const questions = content.questions(request.path, request.language, request.count, request.existing);
      const shown = fault?.type === 'short-list' ? questions.slice(0, Math.floor(request.count / 2)) : questions;
      return listReply({ questions: shown }, listReasoning(request.language, request.path, request.count), request.language, fault);
    }
    case 'answer': {
      const answer = content.answer(request.question, request.language, sample);
      if (fault?.type === 'truncate') return { reasoning: answer.reasoning, content: half(answer.answer), finishReason: 'length' };
      return { reasoning: answer.reasoning, content: answer.answer, finishReason: answer.finishReason };
    }
  }
}

function listReply(list: object, reasoning: string, language: Language, fault: ReplyFault | null): TeacherReply {
  const json = JSON.stringify(list, null, 2);
  switch (fault?.type) {
    case 'broken-json':
      // JavaScript-style quotes: what a sloppy model writes, and never valid JSON.
      return { reasoning, content: json.replaceAll('"', "'"), finishReason: 'stop' };
    case 'fenced-json': {
      const [before, after] =
        language === 'zh' ? ['以下是你要的列表：', '希望对你有帮助。'] : ['Here is the list you asked for:', 'I hope these help.'];
      return { reasoning, content: `${before}\n\n\`\`\`json\n${json}\n\`\`\`\n\n${after}`, finishReason: 'stop' };
    }
    case 'truncate':
      return { reasoning, content: half(json), finishReason: 'length' };
    default:
      return { reasoning, content: json, finishReason: 'stop' };
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
