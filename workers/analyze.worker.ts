import { AnalyzeJobSchema } from '../src/queue/queues.js';
import { analyzeArticle } from '../src/service/analyze.js';
import type { StageWorker } from './worker.js';

export const analyzeWorker: StageWorker = {
  queue: 'analyze',
  description: 'Clusters the article into a story, extracts actors/places/events, matches indicators, raises and routes alerts.',
  create: (ctx) => async (job) => {
    const { article } = AnalyzeJobSchema.parse(job.data);
    const log = ctx.log.child({ stage: 'analyze', articleId: article.id, jobId: job.id });
    const outcome = await analyzeArticle(ctx, article, log);
    log.info({ storyId: outcome.storyId, matches: outcome.matches, alerts: outcome.changes.length }, 'Article analysed.');
    return { storyId: outcome.storyId, matches: outcome.matches };
  },
};
