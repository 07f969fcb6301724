import { createHash } from 'node:crypto';

/**
 * Content-derived ids. BullMQ rejects custom job ids containing ':' or made only
 * of digits, and Standard Webhooks forbids '.' in webhook-id, so ids are
 * `<prefix>_<hex>` only.
 */
export function contentId(prefix: string, ...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return `${prefix}_${hash.digest('hex').slice(0, 24)}`;
}
