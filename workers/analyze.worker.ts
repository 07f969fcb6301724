import { AnalyzeJobSchema } from '../src/queue/queues.js';
import { analyzeArticle } from '../src/pipeline/analyze.js';
import type { StageWorker } from './worker.js';

export const analyzeWorker: StageWorker = {
  queue: 'analyze',
  description: 'Extracts actors/places/events, files the article under a story (across languages too), matches indicators, raises and routes alerts.',
  create: (ctx) => async (job) => {
    const { article } = AnalyzeJobSchema.parse(job.data);
    const log = ctx.log.child({ stage: 'analyze', articleId: article.id, jobId: job.id });
    const outcome = await analyzeArticle(ctx, article, log);
    log.info({ storyId: outcome.storyId, matches: outcome.matches, alerts: outcome.changes.length }, 'Article analysed.');
    return { storyId: outcome.storyId, matches: outcome.matches };
  },
};
