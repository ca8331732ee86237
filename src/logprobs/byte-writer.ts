// Growable byte buffer and its reader for the sidecar's frames: varints, 16-bit log-probabilities.

/** Log-probabilities are kept in steps of 1/1024 nat down to -64 (a probability of 1.6e-28): 16 bits each. */
const STEPS_PER_NAT = 1024;
const MAX_STEP = 0xffff;

export function quantizeLogprob(logprob: number): number {
  return Math.min(MAX_STEP, Math.round(-logprob * STEPS_PER_NAT));
}

export function dequantizeLogprob(step: number): number {
  return step === 0 ? 0 : -step / STEPS_PER_NAT;
}

export class ByteWriter {
  private buffer = new Uint8Array(1024);
  length = 0;

  private room(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.length++] = value;
  }

  varint(value: number): void {
    this.room(8);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buffer[this.length++] = rest;
  }

  uint16(value: number): void {
    this.room(2);
    this.buffer[this.length++] = value & 0xff;
    this.buffer[this.length++] = value >>> 8;
  }

  uint32(value: number): void {
    this.room(4);
    for (let i = 0; i < 4; i++) this.buffer[this.length++] = (value >>> (8 * i)) & 0xff;
  }

  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.room(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  raw(value: Uint8Array): void {
    this.room(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  string(value: string): void {
    this.bytes(new TextEncoder().encode(value));
  }

  result(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Reads what ByteWriter wrote; throws RangeError past the end (a damaged frame). */
export class ByteReader {
  at = 0;
  constructor(private readonly buffer: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.buffer.length;
  }

  byte(): number {
    if (this.at >= this.buffer.length) throw new RangeError('frame ends early');
    return this.buffer[this.at++]!;
  }

  varint(): number {
    let value = 0;
    for (let scale = 1; ; scale *= 128) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      if (scale > 2 ** 42) throw new RangeError('varint too long');
    }
  }

  uint16(): number {
    return this.byte() | (this.byte() << 8);
  }

  uint32(): number {
    let value = 0;
    for (let i = 0; i < 4; i++) value += this.byte() * 2 ** (8 * i);
    return value;
  }

  bytes(): Uint8Array {
    const length = this.varint();
    if (this.at + length > this.buffer.length) throw new RangeError('frame ends early');
    const out = this.buffer.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  string(): string {
    return new TextDecoder().decode(this.bytes());
  }
}
