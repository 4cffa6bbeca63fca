// Cuts a `_changes` answer into its rows while it streams in, so a row can be parsed and written
// before the answer has ended. Only the structure is followed (depth, strings, escapes): UTF-8
// never puts a byte below 0x80 inside a multi-byte character, so scanning bytes is safe. Each row
// is handed over as its own JSON text with the deepest nesting seen in it, which lets the caller
// skip measuring documents that cannot be near the limits. What is not a row (the answer's
// `last_seq`, `pending`, or an error body) is kept as a small skeleton, parsed at the end.

export type RawRow = { json: string; depth: number; bytes: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
/** Rows are the objects directly inside the answer's `results` array. */
const ROW_DEPTH = 2;

export class FeedRows {
  private depth = 0;
  private inString = false;
  /** Bytes of the row being cut, from earlier chunks. */
  private parts: Buffer[] = [];
  private rowStart = -1;
  private rowMax = 0;
  private skeleton: Buffer[] = [];
  /** The last chunk ended inside a string with an odd run of backslashes. */
  private carry = false;

  constructor(private readonly onRow: (row: RawRow) => void) {}

  push(chunk: Buffer): void {
    let i = 0;
    // A row cut short by the last chunk goes on from this chunk's first byte.
    this.rowStart = this.parts.length > 0 ? 0 : -1;
    let skelFrom = this.rowStart >= 0 ? -1 : 0;
    const n = chunk.length;
    while (i < n) {
      if (this.inString) {
        const q = chunk.indexOf(QUOTE, i);
        const end = q < 0 ? n : q;
        // Backslashes just before the quote; a run from the chunk's start goes on from the last one.
        let run = trailingBackslashes(chunk, end);
        if (run === end && this.carry) run++;
        this.carry = false;
        if (q < 0) {
          this.carry = run % 2 === 1; // the next chunk's first byte is escaped
          break;
        }
        i = q + 1;
        if (run % 2 === 0) this.inString = false;
        continue;
      }
      const b = chunk[i]!;
      if (b === QUOTE) this.inString = true;
      else if (b === OPEN_OBJ || b === OPEN_ARR) {
        this.depth++;
        if (this.depth === ROW_DEPTH + 1 && b === OPEN_OBJ && this.rowStart < 0) {
          if (skelFrom >= 0) this.skeleton.push(chunk.subarray(skelFrom, i));
          skelFrom = -1;
          this.rowStart = i;
          this.rowMax = this.depth;
        } else if (this.depth > this.rowMax) this.rowMax = this.depth;
      } else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
        this.depth--;
        if (this.depth === ROW_DEPTH && this.rowStart >= 0) {
          this.emit(chunk.subarray(this.rowStart, i + 1));
          this.rowStart = -1;
          skelFrom = i + 1;
        }
      } else if (b === COMMA && this.depth === ROW_DEPTH && skelFrom >= 0) {
        // Commas between rows stay out of the skeleton, so it parses with an empty `results`.
        this.skeleton.push(chunk.subarray(skelFrom, i));
        skelFrom = i + 1;
      }
      i++;
    }
    if (this.rowStart >= 0) this.parts.push(chunk.subarray(this.rowStart));
    else if (skelFrom >= 0 && skelFrom < n) this.skeleton.push(chunk.subarray(skelFrom));
    this.rowStart = -1;
  }

  private emit(tail: Buffer): void {
    const buf = this.parts.length > 0 ? concat([...this.parts, tail]) : tail;
    this.parts = [];
    this.onRow({ json: buf.toString('utf8'), depth: this.rowMax - ROW_DEPTH, bytes: buf.length });
  }

  /** The answer without its rows (e.g. `{"results":[],"last_seq":…}`), parsed; null when not JSON. */
  rest(): unknown {
    if (this.parts.length > 0 || this.depth !== 0) return null; // cut short
    try {
      return JSON.parse(concat(this.skeleton).toString('utf8')) as unknown;
    } catch {
      return null;
    }
  }
}

// @types/node's Buffer and TypeScript's Uint8Array disagree on the backing buffer's type.
const concat = (parts: Buffer[]): Buffer => Buffer.concat(parts as unknown as Uint8Array[]);

function trailingBackslashes(chunk: Buffer, end: number): number {
  let k = 0;
  while (end - 1 - k >= 0 && chunk[end - 1 - k] === BACKSLASH) k++;
  return k;
}
