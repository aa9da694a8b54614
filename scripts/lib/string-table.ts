/**
 * A sorted table of strings with integer columns, stored so that it can be searched where it
 * lies in memory: reading a cached vocabulary of 200,000 terms into a Map took longer than the
 * few hundred lookups a day's papers make. Keys are sorted in JavaScript's string order, and a
 * search decodes only the keys it compares with.
 *
 * Layout: Uint32 count, Uint32 columns, Int32 offsets (count + 1, into the text), Int32 values
 * (count × columns), then the keys' UTF-8 text. Native byte order: a cache stays on its machine.
 */

const HEADER_BYTES = 8;

/** Encodes `[key, ...values]` rows (keys distinct); every row has `columns` values. */
export function encodeTable(rows: readonly (readonly [string, ...number[]])[], columns: number): Buffer {
  const sorted = [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const offsets = new Int32Array(sorted.length + 1);
  const values = new Int32Array(sorted.length * columns);
  sorted.forEach((row, i) => {
    offsets[i + 1] = offsets[i]! + Buffer.byteLength(row[0]);
    for (let c = 0; c < columns; c++) values[i * columns + c] = (row[c + 1] as number | undefined) ?? 0;
  });
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(sorted.length, 0);
  header.writeUInt32LE(columns, 4);
  const bytes = (array: Int32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  return Buffer.concat([header, bytes(offsets), bytes(values), Buffer.from(sorted.map((row) => row[0]).join(''))]);
}

/** Int32 values at `at` in `data`, viewed in place when aligned, else copied. */
function int32s(data: Buffer, at: number, count: number): Int32Array {
  if (at + count * 4 > data.length) throw new Error('string table: truncated');
  const offset = data.byteOffset + at;
  if (offset % 4 === 0) return new Int32Array(data.buffer, offset, count);
  return new Int32Array(data.buffer.slice(offset, offset + count * 4));
}

export class StringTable {
  readonly size: number;
  private readonly columns: number;
  private readonly offsets: Int32Array;
  private readonly values: Int32Array;
  private readonly text: Buffer;

  /** Throws on a table that is cut short. */
  constructor(data: Buffer) {
    if (data.length < HEADER_BYTES) throw new Error('string table: truncated');
    this.size = data.readUInt32LE(0);
    this.columns = data.readUInt32LE(4);
    this.offsets = int32s(data, HEADER_BYTES, this.size + 1);
    this.values = int32s(data, HEADER_BYTES + (this.size + 1) * 4, this.size * this.columns);
    this.text = data.subarray(HEADER_BYTES + (this.size + 1 + this.size * this.columns) * 4);
    if (this.text.length !== this.offsets[this.size]) throw new Error('string table: truncated');
  }

  /** The row of `key`, or -1. */
  find(key: string): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = this.key(mid);
      if (probe === key) return mid;
      if (probe < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  value(row: number, column = 0): number {
    return this.values[row * this.columns + column]!;
  }

  /** Column `column` of `key`'s row, or undefined: a Map's `get`. */
  get(key: string, column = 0): number | undefined {
    const row = this.find(key);
    return row < 0 ? undefined : this.value(row, column);
  }

  key(row: number): string {
    return this.text.toString('utf8', this.offsets[row], this.offsets[row + 1]);
  }
}
