// Accumulates row values into Arrow buffers (offsets, UTF-8 bytes, validity bits) without going
// through apache-arrow's generic builders, which cost several times more per value; the buffers
// become Arrow Data with makeData, no copy.
import { makeData, type Data } from 'apache-arrow';
import { EncodedText } from './encoded-text.js';
import { arrowType, type ColumnField, type ColumnType } from './parquet-schema.js';

/** A growable typed array. */
class Grow<T extends Int32Array | Float32Array | Float64Array | Uint8Array> {
  length = 0;
  constructor(
    private array: T,
    private readonly make: (size: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.array.length) this.reserve(1);
    this.array[this.length++] = value;
  }
  reserve(extra: number): T {
    if (this.length + extra > this.array.length) {
      const next = this.make(Math.max(this.array.length * 2, this.length + extra));
      next.set(this.array.subarray(0, this.length));
      this.array = next;
    }
    return this.array;
  }
  take(): T {
    return this.array.subarray(0, this.length) as T;
  }
}

/** Validity bits, one per value (a byte per 8 values is cheap); handed over only when a null was seen. */
class Validity {
  private bits = new Grow(new Uint8Array(128), (n) => new Uint8Array(n));
  nulls = 0;
  count = 0;
  push(valid: boolean): void {
    if ((this.count & 7) === 0) this.bits.push(0);
    if (valid) this.bits.reserve(0)[this.count >> 3]! |= 1 << (this.count & 7);
    else this.nulls += 1;
    this.count += 1;
  }
  take(): Uint8Array | undefined {
    return this.nulls === 0 ? undefined : this.bits.take();
  }
}

export interface ColumnBuilder {
  /** Adds one value (of this column's type; null or undefined for a null where allowed). */
  push(value: unknown, where: string): void;
  /** Approximate bytes held. */
  readonly bytes: number;
  /** The values so far as Arrow data; the builder starts empty again. */
  finish(): Data;
}

export function columnBuilder(field: ColumnField): ColumnBuilder {
  return makeBuilder(field.type, field.nullable === true);
}

function makeBuilder(type: ColumnType, nullable: boolean): ColumnBuilder {
  if (type === 'string') return new StringBuilder(nullable);
  if (type === 'int32' || type === 'float32' || type === 'float64' || type === 'bool') return new NumberBuilder(type, nullable);
  if ('list' in type) return new ListBuilder(type, nullable);
  return new StructBuilder(type, nullable);
}

function missing(value: unknown): boolean {
  return value === undefined || value === null;
}

function refuse(where: string, expected: string, value: unknown): never {
  throw new TypeError(`${where}: expected ${expected}, got ${value === null ? 'null' : typeof value}`);
}

class StringBuilder implements ColumnBuilder {
  private offsets = new Grow(new Int32Array(1024), (n) => new Int32Array(n));
  private data = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private validity = new Validity();
  constructor(private readonly nullable: boolean) {
    this.offsets.push(0);
  }
  get bytes(): number {
    return this.used + this.offsets.length * 4;
  }
  push(value: unknown, where: string): void {
    if (missing(value) && this.nullable) {
      this.validity.push(false);
      this.offsets.push(this.used);
      return;
    }
    if (value instanceof EncodedText) {
      this.reserve(value.maxBytes());
      this.used = value.writeUtf8(this.data, this.used);
    } else {
      if (typeof value !== 'string') refuse(where, 'a string', value);
      // UTF-8 needs at most 3 bytes per UTF-16 code unit.
      this.reserve(value.length * 3);
      this.used += this.data.write(value, this.used);
    }
    if (this.used > 0x7fffffff) throw new RangeError(`${where}: more than 2 GB of text in one batch`);
    this.validity.push(true);
    this.offsets.push(this.used);
  }
  private reserve(worst: number): void {
    if (this.used + worst > this.data.length) {
      const next = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.used + worst));
      this.data.copy(next, 0, 0, this.used);
      this.data = next;
    }
  }
  finish(): Data {
    const data = makeData({
      type: arrowType('string') as never,
      length: this.validity.count,
      nullCount: this.validity.nulls,
      nullBitmap: this.validity.take(),
      valueOffsets: this.offsets.take(),
      data: new Uint8Array(this.data.buffer, this.data.byteOffset, this.used),
    }) as Data;
    this.offsets = new Grow(new Int32Array(1024), (n) => new Int32Array(n));
    this.offsets.push(0);
    this.data = Buffer.allocUnsafe(1 << 16);
    this.used = 0;
    this.validity = new Validity();
    return data;
  }
}

type NumberArray = Int32Array | Float32Array | Float64Array | Uint8Array;

class NumberBuilder implements ColumnBuilder {
  private values: Grow<NumberArray>;
  private validity = new Validity();
  constructor(
    private readonly type: 'int32' | 'float32' | 'float64' | 'bool',
    private readonly nullable: boolean,
  ) {
    this.values = this.fresh();
  }
  private fresh(): Grow<NumberArray> {
    if (this.type === 'int32') return new Grow<Int32Array>(new Int32Array(1024), (n) => new Int32Array(n));
    if (this.type === 'float32') return new Grow<Float32Array>(new Float32Array(1024), (n) => new Float32Array(n));
    if (this.type === 'float64') return new Grow<Float64Array>(new Float64Array(1024), (n) => new Float64Array(n));
    return new Grow<Uint8Array>(new Uint8Array(1024), (n) => new Uint8Array(n));
  }
  get bytes(): number {
    return this.values.length * (this.type === 'float64' ? 8 : 4);
  }
  push(value: unknown, where: string): void {
    if (missing(value) && this.nullable) {
      this.validity.push(false);
      this.values.push(0);
      return;
    }
    if (this.type === 'bool') {
      if (typeof value !== 'boolean') refuse(where, 'a boolean', value);
      this.values.push(value ? 1 : 0);
    } else {
      if (typeof value !== 'number' || (this.type === 'int32' && !Number.isInteger(value))) refuse(where, `a ${this.type} number`, value);
      this.values.push(value);
    }
    this.validity.push(true);
  }
  finish(): Data {
    const length = this.validity.count;
    let values: NumberArray = this.values.take();
    if (this.type === 'bool') {
      // Arrow packs booleans as bits.
      const bits = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (values[i]) bits[i >> 3]! |= 1 << (i & 7);
      values = bits;
    }
    const data = makeData({
      type: arrowType(this.type) as never,
      length,
      nullCount: this.validity.nulls,
      nullBitmap: this.validity.take(),
      data: values,
    }) as Data;
    this.values = this.fresh();
    this.validity = new Validity();
    return data;
  }
}

class ListBuilder implements ColumnBuilder {
  private offsets = new Grow(new Int32Array(1024), (n) => new Int32Array(n));
  private items = 0;
  private validity = new Validity();
  private readonly child: ColumnBuilder;
  constructor(
    private readonly type: { list: ColumnType; itemsNullable?: boolean },
    private readonly nullable: boolean,
  ) {
    this.child = makeBuilder(type.list, type.itemsNullable === true);
    this.offsets.push(0);
  }
  get bytes(): number {
    return this.child.bytes + this.offsets.length * 4;
  }
  push(value: unknown, where: string): void {
    if (missing(value) && this.nullable) {
      this.validity.push(false);
      this.offsets.push(this.items);
      return;
    }
    if (!Array.isArray(value)) refuse(where, 'a list', value);
    for (const [index, item] of value.entries()) this.child.push(item, `${where}[${index}]`);
    this.items += value.length;
    this.validity.push(true);
    this.offsets.push(this.items);
  }
  finish(): Data {
    const data = makeData({
      type: arrowType(this.type) as never,
      length: this.validity.count,
      nullCount: this.validity.nulls,
      nullBitmap: this.validity.take(),
      valueOffsets: this.offsets.take(),
      child: this.child.finish(),
    }) as Data;
    this.offsets = new Grow(new Int32Array(1024), (n) => new Int32Array(n));
    this.offsets.push(0);
    this.items = 0;
    this.validity = new Validity();
    return data;
  }
}

class StructBuilder implements ColumnBuilder {
  private readonly children: [string, ColumnBuilder][];
  private validity = new Validity();
  constructor(
    private readonly type: { struct: Record<string, ColumnField> },
    private readonly nullable: boolean,
  ) {
    this.children = Object.entries(type.struct).map(([name, field]) => [name, columnBuilder(field)]);
  }
  get bytes(): number {
    return this.children.reduce((sum, [, child]) => sum + child.bytes, 0);
  }
  push(value: unknown, where: string): void {
    const valid = !missing(value);
    if (!valid && !this.nullable) refuse(where, 'an object', value);
    if (valid && (typeof value !== 'object' || Array.isArray(value))) refuse(where, 'an object', value);
    const object = (value ?? {}) as Record<string, unknown>;
    for (const [name, child] of this.children) child.push(valid ? object[name] : null, `${where}.${name}`);
    this.validity.push(valid);
  }
  finish(): Data {
    const { count, nulls } = this.validity;
    const nullBitmap = this.validity.take();
    this.validity = new Validity();
    return makeData({
      type: arrowType(this.type) as never,
      length: count,
      nullCount: nulls,
      nullBitmap,
      children: this.children.map(([, child]) => child.finish()),
    }) as Data;
  }
}
