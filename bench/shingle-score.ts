/**
 * Word 4-shingle precision / recall / F1 of an extracted text against the
 * expected one (the scorer of the article-extraction-benchmark works the same
 * way), shared by bench/article-pages.ts and bench/article-bodies.ts.
 */
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
function shingles(text: string, n = 4): Map<string, number> {
  const w = words(text);
  const out = new Map<string, number>();
  if (w.length > 0 && w.length < n) out.set(w.join(' '), 1);
  for (let i = 0; i + n <= w.length; i++) {
    const k = w.slice(i, i + n).join(' ');
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
export function prf(got: string, want: string): { p: number; r: number; f: number } {
  const g = shingles(got);
  const e = shingles(want);
  let common = 0;
  let gn = 0;
  let en = 0;
  for (const v of g.values()) gn += v;
  for (const [k, v] of e) {
    en += v;
    common += Math.min(v, g.get(k) ?? 0);
  }
  if (gn === 0 && en === 0) return { p: 1, r: 1, f: 1 };
  const p = gn ? common / gn : 0;
  const r = en ? common / en : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}
