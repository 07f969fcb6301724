import type { Token } from './text.js';
import { WordSet } from './word-set.js';

// Function words that are frequent in one language and rare in the other.
const EN = new WordSet(['the', 'and', 'of', 'to', 'was', 'were', 'is', 'that', 'with', 'for', 'on', 'by', 'from', 'have', 'has', 'said', 'in', 'at']);
const FR = new WordSet(['le', 'la', 'les', 'des', 'du', 'et', 'est', 'une', 'dans', 'pour', 'sur', 'au', 'aux', 'qui', 'que', 'ont', 'selon', 'par']);

/** `en` or `fr`: the declared language when it is one of them, else whichever has more function words. */
export function detectLanguage(tokens: readonly Token[], declared?: string): string {
  const code = declared?.toLowerCase().slice(0, 2);
  if (code === 'en' || code === 'fr') return code;
  let en = 0;
  let fr = 0;
  for (const t of tokens) {
    if (EN.has(t.norm)) en++;
    else if (FR.has(t.norm)) fr++;
  }
  if (en === 0 && fr === 0) return code || 'und';
  return fr > en ? 'fr' : 'en';
}
