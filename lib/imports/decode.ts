/**
 * Text from uploaded bytes. Files come from spreadsheets as often as from code: UTF-8 with or
 * without a byte-order mark, or Windows-1252 (Excel's "CSV" on Windows). The decoder works on a
 * stream of chunks, never holding the file, keeps a multi-byte character split between two
 * chunks whole, and when the bytes are not what it was told to expect it says on which line and
 * column they broke.
 */
import { isUtf8 } from "node:buffer";
import { inEnglish, type Said } from "./said";

export const encodings = ["utf-8", "windows-1252"] as const;
export type Encoding = (typeof encodings)[number];

/** Bytes that are not valid text in the expected encoding, located for the person fixing them. */
export class EncodingError extends Error {
  readonly said: Said;
  constructor(
    readonly line: number,
    readonly column: number,
  ) {
    const said = { key: "notUtf8", values: { line, column } } as const;
    super(inEnglish(said));
    this.name = "EncodingError";
    this.said = said;
  }
}

/** The `charset` parameter of a Content-Type, as one of ours; undefined when absent. */
export function charsetOf(contentType: string): Encoding | undefined | "unsupported" {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  if (name === "utf-8" || name === "utf8") return "utf-8";
  // WHATWG maps latin1 and iso-8859-1 to windows-1252 as well: what such files really hold.
  if (["windows-1252", "cp1252", "iso-8859-1", "latin1"].includes(name)) return "windows-1252";
  return "unsupported";
}

/** How many bytes at the end of `bytes` start a UTF-8 character the next chunk completes. */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? back : 0;
  }
  return 0;
}

/**
 * A streaming decoder: `push(chunk)` returns the text of the chunk (a character cut at its end
 * waits for the next one), `end()` the rest. UTF-8 input is checked, and the byte-order mark at
 * the start dropped; a broken byte throws EncodingError with its line and column.
 */
export class StreamDecoder {
  private readonly decoder: TextDecoder;
  private carry: Uint8Array = new Uint8Array(0);
  private line = 1;
  private column = 1;
  private started = false;

  constructor(readonly encoding: Encoding) {
    this.decoder = new TextDecoder(encoding, { ignoreBOM: false });
  }

  push(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.carry.length) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
    }
    if (this.encoding === "utf-8") {
      const keep = incompleteTail(bytes);
      this.carry = bytes.slice(bytes.length - keep);
      bytes = bytes.subarray(0, bytes.length - keep);
      if (!isUtf8(bytes)) this.fail(bytes);
    }
    return this.track(this.decoder.decode(bytes, { stream: true }));
  }

  end(): string {
    if (this.carry.length) this.fail(this.carry);
    return this.track(this.decoder.decode());
  }

  /** Moves the line and column past `text`; drops a leading byte-order mark. */
  private track(text: string): string {
    if (!this.started && text.length) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const last = text.lastIndexOf("\n");
    if (last === -1) this.column += text.length;
    else {
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.line++;
      this.column = text.length - last;
    }
    return text;
  }

  /** Finds the first broken byte in `bytes` (which follow what was tracked) and throws. */
  private fail(bytes: Uint8Array): never {
    const text = new TextDecoder("utf-8").decode(bytes);
    const broken = text.indexOf("\ufffd");
    const before = text.slice(0, broken === -1 ? text.length : broken);
    const newlines = before.split("\n").length - 1;
    const line = this.line + newlines;
    const column =
      newlines === 0 ? this.column + before.length : before.length - before.lastIndexOf("\n");
    throw new EncodingError(line, column);
  }
}

/**
 * Whether a file's first bytes are UTF-16: its byte-order mark, or a NUL byte beside most
 * letters (UTF-16 without a mark; no text file in UTF-8 or Windows-1252 has them).
 */
export function looksLikeUtf16(first: Uint8Array): boolean {
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff))
    return true;
  const sample = first.subarray(0, 1_000);
  return sample.filter((b) => b === 0).length > sample.length / 4;
}

/**
 * Counts, in bytes that arrive in pieces, the well-formed multi-byte UTF-8 characters and the
 * bytes above ASCII that are part of none: what tells a damaged UTF-8 file (many of the first,
 * a few of the second) from a Windows-1252 one, where a letter followed by punctuation forms a
 * well-formed sequence now and then ("é »" with a no-break space, "ß“").
 */
export class Utf8Tally {
  valid = 0;
  invalid = 0;
  /**
   * Of the valid ones, those Windows-1252 text hardly ever forms: led by C2, C3, C5 or E2 ("Â",
   * "Ã", "Å", "â" followed by a symbol), as UTF-8's "ü" (C3 BC), "œ" (C5 93) and "–" (E2 80 93)
   * are.
   */
  telling = 0;
  private carry: Uint8Array = new Uint8Array(0);

  push(bytes: Uint8Array): void {
    const all = this.carry.length ? Buffer.concat([this.carry, bytes]) : Buffer.from(bytes);
    // A sequence begun in the last bytes may end in the next piece: kept for it.
    let cut = all.length;
    for (let back = 1; back <= Math.min(3, all.length); back++) {
      const b = all[all.length - back]!;
      if (b >= 0xc2 && b <= 0xf4) {
        if ((b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > back) cut = all.length - back;
        break;
      }
      if (b < 0x80 || b > 0xbf) break;
    }
    this.count(all.subarray(0, cut));
    this.carry = Uint8Array.from(all.subarray(cut));
  }

  end(): void {
    this.count(this.carry);
    this.carry = new Uint8Array(0);
  }

  private count(bytes: Uint8Array) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    for (const [match] of text.matchAll(
      // Well-formed UTF-8 only, as the decoder takes it: no overlong forms, no surrogates,
      // nothing past U+10FFFF.
      /[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2}|[\x80-\xFF]/g,
    ))
      if (match.length === 1) this.invalid++;
      else {
        this.valid++;
        if (TELLING_LEADS.has(match.charCodeAt(0))) this.telling++;
      }
  }

  /**
   * Whether a file with bytes that are not UTF-8 is UTF-8 damaged (or two encodings mixed)
   * rather than Windows-1252: more well-formed characters than stray bytes; or telling ones at
   * least a tenth as many; or any at least 3 and a tenth as many (Windows-1252 text forms them
   * far more rarely, "é »" and "ß“" being letters before punctuation).
   */
  damaged(): boolean {
    const { valid, invalid, telling } = this;
    return (
      valid > invalid ||
      (telling > 0 && telling * 10 >= invalid) ||
      (valid >= 3 && valid * 10 > invalid)
    );
  }
}

const TELLING_LEADS = new Set([0xc2, 0xc3, 0xc5, 0xe2]);
