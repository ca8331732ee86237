import { ByteReader, ByteWriter, dequantizeLogprob, quantizeLogprob } from './byte-writer.js';
import { crc32 } from './crc32.js';
import type { SampledToken, SoftLabels, TokenChoice } from './soft-labels.js';

/*
 * The logprobs sidecar of a candidate shard is a log of binary frames, one per
 * candidate, each ended by a newline so that the store's torn-tail handling (set a
 * half-written last line aside, never trust it) works on it as on the JSON shards.
 * Inside a frame 0x0a and 0x1b are escaped (0x1b 0x01, 0x1b 0x02). A frame:
 *   'L' 1 | dictBase | new dictionary entries (bytes, id+1) | candidate id | gen
 *   | topK | tokens | reasoningTokens | reasoning span | answer span
 *   | per token: dictionary index, 16-bit logprob, alternatives, per alternative: index, logprob
 *   | CRC-32 of all before it
 * Token texts live once per shard in the dictionary, which grows with the frames that
 * add to it; `dictBase` is the dictionary size its writer saw, so a frame written by a
 * racing writer is recognized and skipped rather than decoded against the wrong words.
 */

const MAGIC = 0x4c;
const VERSION = 1;
const NEWLINE = 0x0a;
const ESCAPE = 0x1b;

export interface SidecarEntry {
  id: string;
  gen: string;
  labels: SoftLabels;
}

/** The token texts of one shard, in the order frames added them. */
export class TokenDictionary {
  readonly entries: TokenChoice[] = [];
  private readonly index = new Map<string, number>();
  /**
   * The same entries by the identity of their bytes: the client shares one Uint8Array per
   * token text (read-token-logprobs.ts), so most look-ups need no key string made.
   */
  private readonly byBytes = new Map<Uint8Array, number>();

  get size(): number {
    return this.entries.length;
  }

  find(choice: { bytes: Uint8Array; id: number | null }): number | undefined {
    const same = this.byBytes.get(choice.bytes);
    if (same !== undefined && this.entries[same]!.id === choice.id) return same;
    const found = this.index.get(keyOf(choice));
    if (found !== undefined && same === undefined) this.byBytes.set(choice.bytes, found);
    return found;
  }

  add(bytes: Uint8Array, id: number | null): void {
    const key = keyOf({ bytes, id });
    if (!this.index.has(key)) {
      this.index.set(key, this.entries.length);
      if (!this.byBytes.has(bytes)) this.byBytes.set(bytes, this.entries.length);
    }
    this.entries.push({ bytes, id, logprob: 0 });
  }
}

function keyOf(choice: { bytes: Uint8Array; id: number | null }): string {
  const text = Buffer.from(choice.bytes.buffer, choice.bytes.byteOffset, choice.bytes.byteLength).toString('latin1');
  return choice.id === null ? text : `${choice.id}#${text}`;
}

/** One frame, newline included; the dictionary takes the frame's new entries only when `commit` is called. */
export function encodeFrame(entry: SidecarEntry, dictionary: TokenDictionary): { line: Buffer; commit: () => void } {
  const fresh: TokenChoice[] = [];
  const freshIndex = new Map<string, number>();
  const indexOf = (choice: TokenChoice): number => {
    const known = dictionary.find(choice);
    if (known !== undefined) return known;
    const key = keyOf(choice);
    let at = freshIndex.get(key);
    if (at === undefined) {
      at = dictionary.size + fresh.length;
      freshIndex.set(key, at);
      fresh.push(choice);
    }
    return at;
  };
  const body = new ByteWriter();
  const { labels } = entry;
  for (const token of labels.tokens) {
    body.varint(indexOf(token));
    body.uint16(quantizeLogprob(token.logprob));
    body.varint(token.top.length);
    for (const choice of token.top) {
      body.varint(indexOf(choice));
      body.uint16(quantizeLogprob(choice.logprob));
    }
  }
  const frame = new ByteWriter();
  frame.byte(MAGIC);
  frame.byte(VERSION);
  frame.varint(dictionary.size);
  frame.varint(fresh.length);
  for (const choice of fresh) {
    frame.bytes(choice.bytes);
    frame.varint(choice.id === null ? 0 : choice.id + 1);
  }
  frame.string(entry.id);
  frame.string(entry.gen);
  frame.varint(labels.topK);
  frame.varint(labels.tokens.length);
  frame.varint(labels.reasoningTokens);
  for (const offset of [...labels.reasoningSpan, ...labels.answerSpan]) frame.varint(offset);
  frame.raw(body.result());
  frame.uint32(crc32(frame.result()));
  return {
    line: escapeLine(frame.result()),
    commit: () => {
      for (const choice of fresh) dictionary.add(choice.bytes, choice.id);
    },
  };
}

export type FrameRead = { entry: SidecarEntry } | { problem: string };

/**
 * Decodes one line (newline not included). `replay`: the frame is met in file order, so its
 * dictionary base is checked and its new entries are added; otherwise the dictionary
 * already holds them (a frame read again when its candidate is opened). Blank lines
 * (set-aside tails) are null.
 */
export function decodeFrame(line: Uint8Array, dictionary: TokenDictionary, replay: boolean): FrameRead | null {
  if (line.every((byte) => byte === 0x20)) return null;
  const bytes = unescapeLine(line);
  if (bytes.length < 6 || bytes[0] !== MAGIC) return { problem: 'not a logprobs frame' };
  if (bytes[1] !== VERSION) return { problem: `frame version ${bytes[1]} is newer than this distill` };
  const reader = new ByteReader(bytes.subarray(0, bytes.length - 4));
  if (new ByteReader(bytes.subarray(bytes.length - 4)).uint32() !== crc32(bytes, bytes.length - 4)) return { problem: 'checksum mismatch' };
  try {
    reader.at = 2;
    const base = reader.varint();
    if (replay && base !== dictionary.size) return { problem: 'written by a second writer at the same time' };
    const freshCount = reader.varint();
    const fresh: { bytes: Uint8Array; id: number | null }[] = [];
    for (let i = 0; i < freshCount; i++) {
      const tokenBytes = reader.bytes().slice();
      const id = reader.varint();
      fresh.push({ bytes: tokenBytes, id: id === 0 ? null : id - 1 });
    }
    const id = reader.string();
    const gen = reader.string();
    const topK = reader.varint();
    const count = reader.varint();
    const reasoningTokens = reader.varint();
    const spans = [reader.varint(), reader.varint(), reader.varint(), reader.varint()] as const;
    if (replay) for (const choice of fresh) dictionary.add(choice.bytes, choice.id);
    const word = (index: number): TokenChoice => {
      const known = dictionary.entries[index];
      if (!known) throw new RangeError(`dictionary index ${index} out of range`);
      return known;
    };
    const tokens: SampledToken[] = [];
    for (let i = 0; i < count; i++) {
      const sampled = word(reader.varint());
      const logprob = dequantizeLogprob(reader.uint16());
      const alternatives = reader.varint();
      const top: TokenChoice[] = [];
      for (let j = 0; j < alternatives; j++) {
        const choice = word(reader.varint());
        top.push({ bytes: choice.bytes, id: choice.id, logprob: dequantizeLogprob(reader.uint16()) });
      }
      tokens.push({ bytes: sampled.bytes, id: sampled.id, logprob, top });
    }
    return {
      entry: { id, gen, labels: { topK, tokens, reasoningTokens, reasoningSpan: [spans[0], spans[1]], answerSpan: [spans[2], spans[3]] } },
    };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function escapeLine(bytes: Uint8Array): Buffer {
  let extra = 0;
  for (const byte of bytes) if (byte === NEWLINE || byte === ESCAPE) extra++;
  const out = Buffer.allocUnsafe(bytes.length + extra + 1);
  let at = 0;
  for (const byte of bytes) {
    if (byte === NEWLINE || byte === ESCAPE) {
      out[at++] = ESCAPE;
      out[at++] = byte === NEWLINE ? 1 : 2;
    } else out[at++] = byte;
  }
  out[at] = NEWLINE;
  return out;
}

function unescapeLine(line: Uint8Array): Uint8Array {
  if (!line.includes(ESCAPE)) return line;
  const out = new Uint8Array(line.length);
  let at = 0;
  for (let i = 0; i < line.length; i++) {
    const byte = line[i]!;
    if (byte === ESCAPE && i + 1 < line.length) out[at++] = line[++i] === 1 ? NEWLINE : ESCAPE;
    else out[at++] = byte;
  }
  return out.subarray(0, at);
}
