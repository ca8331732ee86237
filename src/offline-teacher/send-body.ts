import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReplyContext } from './completion-body.js';
import type { FaultAction } from './faults.js';
import type { ReplyFault } from './teacher-reply.js';

type Action = Exclude<FaultAction, { type: 'delay' }> | null;

/** The faults that change what the reply says (the others change how it is sent). */
export function replyFault(action: Action): ReplyFault | null {
  switch (action?.type) {
    case 'broken-json':
    case 'fenced-json':
    case 'short-list':
    case 'truncate':
    case 'empty':
    case 'refuse':
    case 'content-filter':
      return action;
    default:
      return null;
  }
}

const HUGE_PIECE_CHARS = 64 * 1024;
const HUGE_SENTENCE = 'The same sentence again, and again, at great length. ';

/**
 * An answer of `chars` characters as body pieces, made as they are sent, so the
 * server never holds it whole (a streamed chat.completion.chunk per piece, or
 * one chat.completion written in pieces).
 */
export function* hugeBody(chars: number, ctx: ReplyContext, stream: boolean): Generator<string> {
  const piece = HUGE_SENTENCE.repeat(Math.ceil(HUGE_PIECE_CHARS / HUGE_SENTENCE.length)).slice(0, HUGE_PIECE_CHARS);
  const head = { id: ctx.id, created: ctx.created, model: ctx.model };
  if (!stream)
    yield `{"id":"${ctx.id}","object":"chat.completion","created":${ctx.created},"model":${JSON.stringify(ctx.model)},"choices":[{"index":0,"message":{"role":"assistant","content":"`;
  for (let sent = 0; sent < chars; sent += piece.length) {
    const text = piece.slice(0, Math.min(piece.length, chars - sent));
    yield stream
      ? `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`
      : text;
  }
  if (stream) {
    yield `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
  } else {
    yield `"},"finish_reason":"stop"}],"usage":null}`;
  }
}

/**
 * Writes the body as a fault says: whole, a piece at a time (trickle), half and
 * then nothing (stall), half and then a cut connection (cut). Waits whenever
 * the client reads slower than we write, and stops when it goes away; the
 * bytes written are logged.
 */
export async function sendBody(
  res: ServerResponse,
  req: IncomingMessage,
  entry: { bytesSent?: number; sentWhole?: boolean },
  pieces: Iterable<string>,
  action: Action,
  wait: (ms: number) => Promise<void>,
): Promise<void> {
  entry.bytesSent = 0;
  const write = async (text: string): Promise<boolean> => {
    if (res.destroyed) return false;
    entry.bytesSent! += Buffer.byteLength(text);
    if (!res.write(text)) {
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
    return !res.destroyed;
  };
  if (action?.type === 'stall' || action?.type === 'cut' || action?.type === 'trickle') {
    const all = [...pieces];
    // A body sent whole is split up, so there is a middle to stop in (or pieces to trickle).
    const parts = all.length > 1 ? all : splitText(all[0] ?? '', 8);
    if (action.type === 'trickle') {
      for (const [index, part] of parts.entries()) {
        if (index > 0) await wait(action.everyMs);
        if (!(await write(part))) return;
      }
      res.end();
      return;
    }
    for (const part of parts.slice(0, Math.max(1, parts.length >> 1))) if (!(await write(part))) return;
    // Cut only once what was written is on the wire, so the client sees a body begin and break.
    if (action.type === 'cut') res.write('', () => req.socket.destroy());
    return;
  }
  for (const piece of pieces) if (!(await write(piece))) return;
  res.end();
  entry.sentWhole = true;
}

function splitText(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts;
}
