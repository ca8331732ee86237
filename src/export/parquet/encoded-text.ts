// A string column value given as UTF-8 bytes written on demand instead of as a JS string: the
// export's fast path puts texts straight from the stored lines into the column buffers, with no
// string made in between (column-builders.ts writes it where a string would go).
export abstract class EncodedText {
  /** At most this many bytes will be written. */
  abstract maxBytes(): number;
  /** Writes the text's UTF-8 into `target` at `at`; returns the end. */
  abstract writeUtf8(target: Uint8Array, at: number): number;
}
