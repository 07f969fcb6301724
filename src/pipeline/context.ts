import type { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { AlertChange } from '../alerts/raise.js';
import type { SilenceStore } from '../alerts/silences.js';
import type { AlertStore } from '../alerts/store.js';
import type { PageReader } from '../articles/page-reader.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { DeliveryConfig } from '../delivery/config.js';
import type { StoryEventStore } from '../events/story-event.js';
import type { FeedReader } from '../feeds/feed-reader.js';
import type { FeedStatusStore } from '../feeds/feed-status.js';
import type { FeedScheduleStore } from '../feeds/poll-schedule.js';
import type { FeedConfig } from '../feeds/sources/index.js';
import type { FetchPolicy } from '../net/safe-fetch.js';
import type { Queues } from '../queue/queues.js';
import type { RecordStore } from '../record/store.js';
import type { StoryStore } from '../stories/cluster.js';
import type { IndicatorSet } from './indicator-set.js';

/** Events the pipeline emits in-process (replay and demo print alerts from these). */
export interface PipelineEvents {
  alert: [AlertChange];
  settled: [{ queue: string; jobId: string }];
}

/** Everything a stage worker needs, built once per process by the service. */
export interface StageContext {
  /** Key prefix of the stores (stories, alerts, seen markers, ...). */
  prefix: string;
  /** BullMQ prefix of the stage queues: `prefix`, except for a replay, whose queues are its own. */
  queuePrefix?: string;
  redis: Redis;
  queues: Queues;
  log: Logger;
  clock: Clock;
  feeds: ReadonlyMap<string, FeedConfig>;
  fetchPolicy: FetchPolicy;
  /** Parses article pages in worker threads, each page within its time budget. */
  pages: PageReader;
  /** Parses fetched feed documents on the same threads, each within its own budget. */
  feedDocuments: FeedReader;
  feedStatus: FeedStatusStore;
  /** Each feed's adaptive poll interval, its inputs, and the poll and host turns. */
  feedSchedule: FeedScheduleStore;
  stories: StoryStore;
  /** Every story that reports an incident, for the map and the events exports; alerts are a subset. */
  storyEvents: StoryEventStore;
  alerts: AlertStore;
  /** The record (PostgreSQL or PGlite), when `database.enabled`; Redis alone otherwise. */
  record?: RecordStore;
  silences: SilenceStore;
  indicators: IndicatorSet;
  delivery: DeliveryConfig;
  events: EventEmitter<PipelineEvents>;
  /** Fault tests only: called at each step boundary of analyze; a throw there stands for a crash. */
  faultAt?: (step: AnalyzeStep) => void;
}

/** The step boundaries of one analyze job, in order; a crash can fall between any two. */
export const ANALYZE_STEPS = ['extracted', 'story-committed', 'events-recorded', 'window-recorded', 'alert-committed', 'delivery-enqueued'] as const;
export type AnalyzeStep = (typeof ANALYZE_STEPS)[number];
