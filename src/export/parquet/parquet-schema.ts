// The column layout of a Parquet file, as plain data (so a worker thread can get a copy): strings,
// numbers and booleans, lists of them and structs of named fields. Small on purpose: it covers
// chat records (lists of role/content structs) and per-token tables (lists of floats).
import { Bool, Field, Float32, Float64, Int32, List, Schema, Struct, Utf8, type DataType } from 'apache-arrow';

export type ColumnType =
  | 'string'
  | 'int32'
  | 'float32'
  | 'float64'
  | 'bool'
  /** itemsNullable: an item may be null (e.g. a token id the server did not give). */
  | { list: ColumnType; itemsNullable?: boolean }
  | { struct: ColumnFields };

export interface ColumnField {
  type: ColumnType;
  /** A missing value (undefined or null) is written as null; otherwise it is an error. */
  nullable?: boolean;
}

/** Field name → field, in column order. */
export type ColumnFields = Record<string, ColumnField>;

export function arrowType(type: ColumnType): DataType {
  if (type === 'string') return new Utf8();
  if (type === 'int32') return new Int32();
  if (type === 'float32') return new Float32();
  if (type === 'float64') return new Float64();
  if (type === 'bool') return new Bool();
  if ('list' in type) return new List(new Field('item', arrowType(type.list), type.itemsNullable === true));
  return new Struct(arrowFields(type.struct));
}

export function arrowFields(fields: ColumnFields): Field[] {
  return Object.entries(fields).map(([name, field]) => new Field(name, arrowType(field.type), field.nullable === true));
}

export function arrowSchema(fields: ColumnFields): Schema {
  return new Schema(arrowFields(fields));
}
