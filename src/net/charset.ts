import iconv from 'iconv-lite';
import type { Logger } from '../core/log.js';

/**
 * WHATWG maps these labels to windows-1252: real "ISO-8859-1" French pages use
 * 0x80–0x9F for œ, €, ’ and expect them rendered.
 */
const ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'l1': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/** A known encoding name for a declared label, or null if iconv-lite does not know it. */
export function normaliseCharset(label: string | undefined | null): string | null {
  if (!label) return null;
  const clean = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  const name = ALIASES[clean] ?? clean;
  return iconv.encodingExists(name) ? name : null;
}

function fromBom(bytes: Uint8Array): { encoding: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return null;
}

function fromContentType(contentType: string | undefined | null): string | null {
  const match = contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType) : null;
  return normaliseCharset(match?.[1]);
}

/** XML declaration or HTML <meta>, read from the first bytes as ASCII (every candidate label is ASCII). */
function fromDocument(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return normaliseCharset(xml[1]);
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return normaliseCharset(meta?.[1]);
}

interface Utf8Scan {
  /** Byte offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
  firstInvalid: number;
  invalid: number;
  /** Valid sequences of two to four bytes: evidence that the text is UTF-8. */
  multibyte: number;
}

/** One pass over the bytes as UTF-8 (overlongs, surrogates and > U+10FFFF are invalid, as in WHATWG). */
function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let firstInvalid = -1;
  let invalid = 0;
  let multibyte = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    }
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lower : 0x80) || c > (k === 1 ? upper : 0xbf)) ok = false;
    }
    if (ok) {
      multibyte++;
      i += need + 1;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
    }
  }
  return { firstInvalid, invalid, multibyte };
}

/** Told once per document when its bytes did not decode cleanly. */
export interface DecodeWarning {
  /**
   * `replaced`: a UTF-8 document with invalid bytes, decoded with U+FFFD (worth a warning).
   * `legacy`: an HTTP utf-8 header over a document with no UTF-8 in it, read as legacy (a notice).
   */
  kind: 'replaced' | 'legacy';
  /** Byte offset of the first invalid byte. */
  offset: number;
  /** The encoding the text was decoded with. */
  encoding: string;
  message: string;
}

/**
 * Bytes → string. Order: BOM, HTTP charset, XML declaration / <meta charset>,
 * else UTF-8. A document that declares UTF-8 in itself, or whose bytes sniff
 * as UTF-8 (at least as many valid multi-byte sequences as invalid bytes), is
 * decoded as UTF-8 even with an invalid byte: that byte becomes U+FFFD and
 * `onWarning` is told its offset, so one bad byte costs one character, not
 * the whole feed. windows-1252 is only for legacy documents: undeclared (or
 * only under an HTTP utf-8 header, a common server default) with no UTF-8
 * sequences to speak of; the document's own non-UTF-8 declaration wins there.
 * Decoding goes through iconv-lite: Node 20's TextDecoder mangles windows-1252 0x80–0x9F.
 */
/**
 * A decodeBody warning handler that logs it: replaced bytes as a warning, the rest
 * (a legacy fallback) as info, with the offset and encoding beside `fields`.
 */
export function logDecodeWarnings(log: Logger, fields: Record<string, unknown>, label: string): (warning: DecodeWarning) => void {
  return (w) => log[w.kind === 'replaced' ? 'warn' : 'info']({ ...fields, offset: w.offset, encoding: w.encoding }, `${label}: ${w.message}`);
}

export function decodeBody(bytes: Uint8Array, contentTypeHeader?: string | null, onWarning?: (warning: DecodeWarning) => void): string {
  const bom = fromBom(bytes);
  if (bom) return iconv.decode(Buffer.from(bytes.subarray(bom.skip)), bom.encoding);
  const declared = fromDocument(bytes);
  const header = fromContentType(contentTypeHeader);
  const encoding = header ?? declared ?? 'utf-8';
  if (encoding !== 'utf-8') return iconv.decode(Buffer.from(bytes), encoding);
  const scan = scanUtf8(bytes);
  if (scan.firstInvalid < 0) return iconv.decode(Buffer.from(bytes), 'utf-8');
  if (declared === 'utf-8' || (scan.multibyte > 0 && scan.multibyte >= scan.invalid)) {
    onWarning?.({
      kind: 'replaced',
      offset: scan.firstInvalid,
      encoding: 'utf-8',
      message: `invalid UTF-8 at byte ${scan.firstInvalid} (${scan.invalid} invalid byte${scan.invalid === 1 ? '' : 's'}); decoded as UTF-8 with U+FFFD in their place`,
    });
    return new TextDecoder('utf-8').decode(bytes);
  }
  const legacy = declared ?? 'windows-1252';
  // An undeclared legacy document is ordinary; a utf-8 header over one is a server default worth a notice.
  if (header === 'utf-8') {
    onWarning?.({ kind: 'legacy', offset: scan.firstInvalid, encoding: legacy, message: `declared UTF-8 but holds none (first invalid byte at ${scan.firstInvalid}); decoded as ${legacy}` });
  }
  return iconv.decode(Buffer.from(bytes), legacy);
}
