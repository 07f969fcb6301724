import iconv from 'iconv-lite';

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

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes → string. Order: BOM, HTTP charset, XML declaration / <meta charset>,
 * else UTF-8. When the chosen encoding is UTF-8 but the bytes are not valid
 * UTF-8 (a server default header on a Latin-1 page is common), the document's
 * own declaration, else windows-1252, is used instead of emitting U+FFFD.
 * Decoding goes through iconv-lite: Node 20's TextDecoder mangles windows-1252 0x80–0x9F.
 */
export function decodeBody(bytes: Uint8Array, contentTypeHeader?: string | null): string {
  const bom = fromBom(bytes);
  if (bom) return iconv.decode(Buffer.from(bytes.subarray(bom.skip)), bom.encoding);
  const declared = fromDocument(bytes);
  let encoding = fromContentType(contentTypeHeader) ?? declared ?? 'utf-8';
  if (encoding === 'utf-8' && !isValidUtf8(bytes)) {
    encoding = declared && declared !== 'utf-8' ? declared : 'windows-1252';
  }
  return iconv.decode(Buffer.from(bytes), encoding);
}
