import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/feeds/canonical-url.js';
import { decodeBody } from '../../src/net/charset.js';

const FRENCH = 'L’œuvre du comité coûte 1,50 € — « Ségou »';

describe('decodeBody', () => {
  it('gets windows-1252 0x80–0x9F right where Node 20 TextDecoder may not', () => {
    const bytes = iconv.encode(FRENCH, 'windows-1252');
    expect(decodeBody(bytes, 'text/html; charset=windows-1252')).toBe(FRENCH);
    // ISO-8859-1 labels mean windows-1252 on the web (WHATWG): ’ œ € survive.
    expect(decodeBody(bytes, 'text/xml; charset=ISO-8859-1')).toBe(FRENCH);
  });

  it.each([
    ['UTF-8 BOM over a wrong header', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FRENCH)]), 'text/html; charset=iso-8859-1'],
    ['UTF-16LE BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(FRENCH, 'utf-16le')]), undefined],
    ['XML declaration', Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1252"?>'), iconv.encode(FRENCH, 'windows-1252')]), 'application/xml'],
    ['<meta charset>', Buffer.concat([Buffer.from('<html><head><meta charset="iso-8859-1"></head>'), iconv.encode(FRENCH, 'windows-1252')]), 'text/html'],
    ['<meta http-equiv>', Buffer.concat([Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'), iconv.encode(FRENCH, 'windows-1252')]), undefined],
    ['invalid UTF-8 under a utf-8 header', iconv.encode(FRENCH, 'windows-1252'), 'text/html; charset=utf-8'],
    ['plain UTF-8 with no declaration', Buffer.from(FRENCH), undefined],
  ])('honours the %s', (_label, bytes, contentType) => {
    expect(decodeBody(bytes, contentType)).toContain(FRENCH);
  });

  it.each([
    ['a utf-8 header', 'application/rss+xml; charset=utf-8', ''],
    ['an XML declaration', 'application/xml', '<?xml version="1.0" encoding="UTF-8"?>'],
    ['no declaration at all (sniffed)', undefined, ''],
  ])('keeps UTF-8 with one invalid byte under %s: U+FFFD there, one warning with its offset', (_label, contentType, prolog) => {
    const before = Buffer.from(`${prolog}<title>Bénin : attaque sur l’axe Kayes–Bamako `);
    const bytes = Buffer.concat([before, Buffer.from([0xff]), Buffer.from(' près de Diboli</title>')]);
    const warnings: { kind: string; offset: number; encoding: string }[] = [];
    const text = decodeBody(bytes, contentType, (w) => warnings.push(w));
    expect(text).toBe(`${prolog}<title>Bénin : attaque sur l’axe Kayes–Bamako \uFFFD près de Diboli</title>`);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'replaced', offset: before.length, encoding: 'utf-8' });
  });

  it('still reads an undeclared legacy document as windows-1252; a utf-8 header over one gets a notice', () => {
    const warnings: { kind: string; offset: number; encoding: string }[] = [];
    const legacy = iconv.encode(FRENCH, 'windows-1252');
    // Undeclared legacy, clean UTF-8 and declared legacy encodings decode without a word.
    expect(decodeBody(legacy, 'text/html', (w) => warnings.push(w))).toBe(FRENCH);
    decodeBody(Buffer.from(FRENCH), undefined, (w) => warnings.push(w));
    decodeBody(legacy, 'text/html; charset=windows-1252', (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(decodeBody(legacy, 'text/html; charset=utf-8', (w) => warnings.push(w))).toBe(FRENCH);
    expect(warnings).toEqual([expect.objectContaining({ kind: 'legacy', offset: 1, encoding: 'windows-1252' })]);
  });

  it('falls back to UTF-8 for an unknown charset label', () => {
    expect(decodeBody(Buffer.from(FRENCH), 'text/html; charset=x-klingon')).toBe(FRENCH);
  });
});

describe('canonicalUrl', () => {
  it.each([
    ['https://www.rfi.fr/fr/afrique/20250916-mali?utm_source=rss&utm_medium=x#xtor=RSS-1', 'https://www.rfi.fr/fr/afrique/20250916-mali'],
    ['HTTPS://News.Example.org:443/a/b/?fbclid=1&gclid=2&id=5', 'https://news.example.org/a/b?id=5'],
    ['http://example.org:80/?b=2&a=1&xtor=RSS-3&at_medium=feed', 'http://example.org/?a=1&b=2'],
    ['https://example.org/page?ref=home', 'https://example.org/page?ref=home'],
    ['not a url', 'not a url'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });
});
