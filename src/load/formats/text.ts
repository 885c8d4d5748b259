/**
 * Streaming UTF-8 decoding that keeps track of where the input was not UTF-8. Archives copied
 * through spreadsheets carry a BOM, mojibake (valid UTF-8, kept as is) and sometimes Latin-1 bytes
 * (invalid UTF-8): the row holding those must be rejected, not silently loaded with U+FFFD, and a
 * genuine U+FFFD in the text must not be mistaken for one. So the decoder validates each chunk
 * (native `isUtf8`, fast path) and, only when a chunk is invalid, decodes it piecewise and reports
 * the offsets of the replacement characters it inserted.
 */
import { Buffer, isUtf8 } from "node:buffer";

export interface DecodedText {
  text: string;
  /** Offsets in `text` of the U+FFFD that stand for invalid bytes; undefined when there were none. */
  invalidAt: number[] | undefined;
}

const EMPTY: DecodedText = { text: "", invalidAt: undefined };

export class Utf8Decoder {
  private carry: Buffer | undefined;
  private atStart = true;

  /** Decodes the next chunk; an incomplete trailing sequence waits for the next chunk (or `end`). */
  decode(chunk: Buffer): DecodedText {
    return this.run(chunk, false);
  }

  /** Flushes what is left: an incomplete trailing sequence becomes one invalid character. */
  end(): DecodedText {
    return this.run(Buffer.alloc(0), true);
  }

  private run(chunk: Buffer, final: boolean): DecodedText {
    let bytes = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    this.carry = undefined;
    if (this.atStart) {
      if (bytes.length < 3 && !final) {
        this.carry = Buffer.from(bytes);
        return EMPTY;
      }
      this.atStart = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    const cut = final ? bytes.length : completeLength(bytes);
    if (cut < bytes.length) this.carry = Buffer.from(bytes.subarray(cut));
    if (cut === 0) return EMPTY;
    const whole = cut === bytes.length ? bytes : bytes.subarray(0, cut);
    if (isUtf8(whole)) return { text: whole.toString("utf8"), invalidAt: undefined };
    return decodeWithInvalid(whole);
  }
}

/** Length of the prefix of `bytes` that ends on a sequence boundary. */
function completeLength(bytes: Buffer): number {
  const length = bytes.length;
  for (let back = 1; back <= 4 && back <= length; back++) {
    const b = bytes[length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? length - back : length;
  }
  return length;
}

function decodeWithInvalid(bytes: Buffer): DecodedText {
  const invalidAt: number[] = [];
  const length = bytes.length;
  let text = "";
  let runStart = 0;
  let i = 0;
  while (i < length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const size = validSequenceLength(bytes, i);
    if (size > 0) {
      i += size;
      continue;
    }
    text += bytes.toString("utf8", runStart, i);
    invalidAt.push(text.length);
    text += "\uFFFD";
    i++;
    runStart = i;
  }
  text += bytes.toString("utf8", runStart, length);
  return { text, invalidAt };
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629 table), 0 if it is not one. */
function validSequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i];
  let need: number;
  let low = 0x80;
  let high = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) low = 0xa0;
    else if (b === 0xed) high = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) low = 0x90;
    else if (b === 0xf4) high = 0x8f;
  } else return 0;
  if (i + need >= bytes.length) return 0;
  const second = bytes[i + 1];
  if (second < low || second > high) return 0;
  for (let k = 2; k <= need; k++) {
    const c = bytes[i + k];
    if (c < 0x80 || c > 0xbf) return 0;
  }
  return need + 1;
}

/**
 * What the first bytes of a file say about its encoding: UTF-16 (spreadsheet "Unicode text"
 * exports) cannot be read and must be converted first.
 */
export function sniffUnsupportedEncoding(head: Buffer): string | undefined {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return "UTF-16";
  }
  if (head.length >= 4) {
    // UTF-16 without BOM: ASCII text with every other byte NUL.
    const n = Math.min(head.length, 64) & ~1;
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenZeros++;
      if (head[i + 1] === 0) oddZeros++;
    }
    if (n >= 8 && Math.max(evenZeros, oddZeros) >= n / 2 - 1) return "UTF-16";
  }
  return undefined;
}
