// Evidence: the sentence a condition matched, with the matched words marked.
import { el, externalLink } from './dom.js';

/** Where the quote sits inside its sentence; falls back to searching when offsets disagree with the text. */
export function spanInSentence(item) {
  const start = item.start - item.sentenceStart;
  const end = item.end - item.sentenceStart;
  if (start >= 0 && end <= item.sentence.length && start < end && item.sentence.slice(start, end) === item.quote) return [start, end];
  const found = item.quote ? item.sentence.indexOf(item.quote) : -1;
  return found >= 0 ? [found, found + item.quote.length] : undefined;
}

/** Sorted, non-overlapping spans. */
function mergeSpans(spans) {
  const sorted = spans.filter(Boolean).sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else out.push([...span]);
  }
  return out;
}

/** The sentence as text nodes with <mark> around each matched span. */
export function highlightedSentence(sentence, spans) {
  const quote = el('q', { class: 'evidence-sentence' });
  let at = 0;
  for (const [start, end] of mergeSpans(spans)) {
    if (start > at) quote.append(sentence.slice(at, start));
    quote.append(el('mark', {}, sentence.slice(start, end)));
    at = end;
  }
  if (at < sentence.length) quote.append(sentence.slice(at));
  return quote;
}

/** One block per (source, sentence): which conditions hit it, and the sentence with every hit marked. */
export function evidenceList(alert) {
  const groups = new Map();
  for (const explanation of alert.evidence) {
    for (const item of explanation.evidence) {
      const key = `${explanation.sourceUrl}\u0000${item.sentenceStart}\u0000${item.sentence}`;
      let group = groups.get(key);
      if (!group) {
        group = { sourceUrl: explanation.sourceUrl, sentence: item.sentence, sentenceStart: item.sentenceStart, spans: [], details: new Set() };
        groups.set(key, group);
      }
      group.spans.push(spanInSentence(item));
      group.details.add(explanation.detail);
    }
  }
  const ordered = [...groups.values()].sort((a, b) => a.sourceUrl.localeCompare(b.sourceUrl) || a.sentenceStart - b.sentenceStart);
  return el(
    'ul',
    { class: 'evidence' },
    ordered.map((g) =>
      el(
        'li',
        {},
        highlightedSentence(g.sentence, g.spans),
        el('div', { class: 'evidence-meta' }, [...g.details].join(' · '), ' — ', externalLink(g.sourceUrl, hostOf(g.sourceUrl))),
      ),
    ),
  );
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return 'source';
  }
}
