import { analyzeWorker } from './analyze.worker.js';
import { deliverWorker } from './deliver.worker.js';
import { digestWorker } from './digest.worker.js';
import { fetchWorker } from './fetch.worker.js';
import { pollWorker } from './poll.worker.js';
import type { StageWorker } from './worker.js';

/** The pipeline, in order: one line per stage. */
export const stageWorkers: readonly StageWorker[] = [pollWorker, fetchWorker, analyzeWorker, deliverWorker, digestWorker];
