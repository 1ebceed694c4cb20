/**
 * blissdata's `json` encoding (streams/encoding/json.py): one value per entry, never batched, payload =
 * `json.dumps(data).encode()`, read back with `json.loads`. Python's json allows the non-standard tokens
 * NaN, Infinity and -Infinity in both directions (allow_nan=True), so this module does too.
 */
import { PayloadDecodeError, PayloadEncodeError } from '../errors';
import type { EntryLocation } from './encoding';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

type NonFinite = 'NaN' | 'Infinity' | '-Infinity';
const NON_FINITE: Record<NonFinite, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** A marker string no real document is expected to contain (checked against the text anyway). */
function markerFor(text: string): string {
  let marker = '\u0000pyjson';
  while (text.includes(marker.slice(1))) marker += '~';
  return marker;
}

/**
 * Replaces bare NaN/Infinity/-Infinity tokens outside strings by marker strings, or returns null if the
 * text has none (then the JSON error stands).
 */
function quoteNonFinite(text: string, marker: string): string | null {
  let out = '';
  let last = 0;
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    const token = text.startsWith('NaN', i)
      ? 'NaN'
      : text.startsWith('Infinity', i)
        ? 'Infinity'
        : text.startsWith('-Infinity', i)
          ? '-Infinity'
          : null;
    if (token) {
      out += `${text.slice(last, i)}${JSON.stringify(marker + token)}`;
      i += token.length - 1;
      last = i + 1;
      found = true;
    }
  }
  return found ? out + text.slice(last) : null;
}

/**
 * Decodes a json entry's payload (UTF-8; a leading BOM is skipped like Python's json.loads does).
 * @throws PayloadDecodeError on invalid UTF-8 or invalid JSON
 */
export function decodeJson(payload: Uint8Array, where: EntryLocation): unknown {
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch (cause) {
    throw new PayloadDecodeError(where.streamKey, where.entryId, 'json payload is not valid UTF-8', { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    const marker = markerFor(text);
    const quoted = quoteNonFinite(text, marker);
    if (quoted !== null) {
      try {
        return JSON.parse(quoted, (_key, value: unknown) =>
          typeof value === 'string' && value.startsWith(marker)
            ? NON_FINITE[value.slice(marker.length) as NonFinite]
            : value,
        );
      } catch {
        // fall through to report the original error
      }
    }
    const detail = `invalid json: ${(cause as Error).message}`;
    throw new PayloadDecodeError(where.streamKey, where.entryId, detail, { cause });
  }
}

/**
 * Writer side: UTF-8 JSON of `value`, readable by Python's json.loads. Like Python's json.dumps, NaN and
 * ±Infinity are written as bare NaN/Infinity/-Infinity rather than JSON.stringify's lossy `null`, and
 * bigints as integers. Output is compact and not ASCII-escaped (Python writes `", "` separators and
 * \\u escapes); both parse identically.
 * @throws PayloadEncodeError for a value JSON cannot represent at top level (undefined, a function)
 */
export function encodeJson(value: unknown): Uint8Array {
  const nonce = Math.random().toString(36).slice(2, 10);
  const marker = `\u0000pyjson${nonce}:`;
  let marked = false;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') {
        marked = true;
        return marker + v.toString();
      }
      if (typeof v === 'number' && !Number.isFinite(v)) {
        marked = true;
        return marker + String(v);
      }
      return v;
    });
  } catch (cause) {
    throw new PayloadEncodeError(`value is not JSON-serialisable: ${(cause as Error).message}`, { cause });
  }
  if (text === undefined) throw new PayloadEncodeError(`value is not JSON-serialisable: ${typeof value}`);
  if (marked) {
    // JSON.stringify escapes the marker's NUL as \u0000; the replaced strings hold only [-0-9a-zA-Z].
    const escaped = JSON.stringify(marker).slice(1, -1).replace(/\\/g, '\\\\');
    text = text.replace(new RegExp(`"${escaped}(-?[0-9A-Za-z]+)"`, 'g'), '$1');
  }
  return utf8Encoder.encode(text);
}
