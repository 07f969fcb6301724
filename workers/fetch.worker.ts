import { fetchArticle } from '../src/articles/fetch-article.js';
import { FetchJobSchema, stageJobOptions } from '../src/queue/queues.js';
import { feedLabel, metrics } from '../src/metrics/metrics.js';
import { fetchErrorReason } from './poll.worker.js';
import type { StageWorker } from './worker.js';

export const fetchWorker: StageWorker = {
  queue: 'fetch',
  description: 'Fetches the linked article page (feed summary kept if it fails) and queues its analysis.',
  create: (ctx) => async (job) => {
    const { item, enqueuedAt } = FetchJobSchema.parse(job.data);
    const log = ctx.log.child({ stage: 'fetch', itemId: item.id, jobId: job.id });
    const article = await fetchArticle(item, { policy: ctx.fetchPolicy, log, pages: ctx.pages });
    metrics().itemsFetched.inc({ feed: item.feedId });
    // The metric's help promises page fetches too: a page that could not replace the summary is one.
    if (article.fetchError) metrics().fetchErrors.inc({ feed: feedLabel(item.feedId), reason: fetchErrorReason(article.fetchError) });
    // The article id comes from the canonical URL: one article reached through two feeds is analysed once.
    await ctx.queues.analyze.add('analyze', { article, enqueuedAt }, { ...stageJobOptions, jobId: article.id });
    log.info({ articleId: article.id, textSource: article.textSource, chars: article.text.length }, 'Article fetched.');
    return { articleId: article.id, textSource: article.textSource };
  },
};
