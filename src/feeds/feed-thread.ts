import { type FeedDocument, type FeedDocumentInput, readFeedDocument } from './read-feed.js';

/** The feed reader's task (feed-reader.ts), run in a pool thread: a fetched feed document in, what it says out. */
export function runTask(input: FeedDocumentInput): Promise<FeedDocument> {
  return readFeedDocument(input);
}
