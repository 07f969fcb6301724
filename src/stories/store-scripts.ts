import type { Redis } from 'ioredis';

/**
 * The story store's Redis round trips, each one Lua script: a read and a commit
 * per assignment, and for a report that may be a later report of an incident,
 * one read of the stories its places and kinds of event index.
 *
 * An assignment reads (exact-duplicate keys, then the LSH band index, then the
 * candidates' fingerprints and stories) and later commits its decision. The
 * commit re-checks in Redis what the decision rested on and refuses if any of
 * it changed in between, so assignments need no lock and never interleave
 * wrongly: a refused commit reads again and decides again.
 *
 * It rested on: no exact-duplicate key was set; the band index held the same
 * number of reports in the window on this fingerprint's bands (a near
 * duplicate filed meanwhile shares a band, so it changes that number); and the
 * story being joined is byte for byte the one that was read.
 *
 * The band index is one sorted set per band value, scored by report date. A
 * fingerprint touches 128 bands; sent as client commands that was ~500
 * commands per article, each encoded, sent, parsed and answered, under a
 * global lock: it bounded the whole pipeline.
 */

/**
 * KEYS: exact keys, then band keys. ARGV: number of exact keys, from (ms), to
 * (ms), max candidates, fingerprint key prefix, story record key prefix.
 * Returns {'exact', story json} or {'near', reports in window, {article id,
 * fingerprint, ...}, {story id, story json, ...}}.
 */
const READ_LUA = `
local exactCount = tonumber(ARGV[1])
for i = 1, exactCount do
  local storyId = redis.call('get', KEYS[i])
  if storyId then
    local record = redis.call('get', ARGV[6] .. storyId)
    if record then return {'exact', record} end
  end
end
local votes, order, total = {}, {}, 0
for i = exactCount + 1, #KEYS do
  local members = redis.call('zrangebyscore', KEYS[i], ARGV[2], ARGV[3])
  total = total + #members
  for _, id in ipairs(members) do
    if votes[id] == nil then votes[id] = 0; order[#order + 1] = id end
    votes[id] = votes[id] + 1
  end
end
table.sort(order, function(a, b) return votes[a] > votes[b] end)
local candidates, stories, seen = {}, {}, {}
for i = 1, math.min(#order, tonumber(ARGV[4])) do
  local fp = redis.call('get', ARGV[5] .. order[i])
  if fp then
    candidates[#candidates + 1] = order[i]
    candidates[#candidates + 1] = fp
    local storyId = string.match(fp, '^(%S+)')
    if storyId and not seen[storyId] then
      seen[storyId] = true
      local record = redis.call('get', ARGV[6] .. storyId)
      if record then stories[#stories + 1] = storyId; stories[#stories + 1] = record end
    end
  end
end
return {'near', total, candidates, stories}`;

/**
 * KEYS: story record, story index, fingerprint, exact keys, band keys read,
 * band keys to write (the same text bands; facts are read from the other
 * languages' keys and written to the report's own).
 * ARGV: number of exact keys, from, to, reports in window as read, story json
 * as read ('' for a new story), new story json, story id, latest report (ms),
 * article id, published (ms), stale before (ms), band ttl (s), retention (s),
 * fingerprint value, stories kept in the index, number of band keys read.
 * Returns 1 when committed, 0 when something it rested on changed.
 */
const COMMIT_LUA = `
local exactCount = tonumber(ARGV[1])
local firstBand = 4 + exactCount
local firstWrite = firstBand + tonumber(ARGV[16])
for i = 4, firstBand - 1 do
  if redis.call('exists', KEYS[i]) == 1 then return 0 end
end
local total = 0
for i = firstBand, firstWrite - 1 do total = total + redis.call('zcount', KEYS[i], ARGV[2], ARGV[3]) end
if total ~= tonumber(ARGV[4]) then return 0 end
if (redis.call('get', KEYS[1]) or '') ~= ARGV[5] then return 0 end
redis.call('set', KEYS[1], ARGV[6], 'EX', ARGV[13])
redis.call('zadd', KEYS[2], ARGV[8], ARGV[7])
redis.call('zremrangebyrank', KEYS[2], 0, -tonumber(ARGV[15]) - 1)
for i = 4, firstBand - 1 do redis.call('set', KEYS[i], ARGV[7], 'EX', ARGV[13]) end
redis.call('set', KEYS[3], ARGV[14], 'EX', ARGV[12])
for i = firstWrite, #KEYS do
  redis.call('zadd', KEYS[i], ARGV[10], ARGV[9])
  redis.call('zremrangebyscore', KEYS[i], '-inf', ARGV[11])
  redis.call('expire', KEYS[i], ARGV[12])
end
return 1`;

export interface Window {
  from: number;
  to: number;
}

export type ReadResult =
  | { kind: 'exact'; story: string }
  | { kind: 'near'; reportsInWindow: number; candidates: { articleId: string; fingerprint: string }[]; stories: Map<string, string> };

function pairs(flat: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] as string, flat[i + 1] as string]);
  return out;
}

export async function readForAssign(
  redis: Redis,
  keys: { exact: string[]; readBands: string[]; fingerprintPrefix: string; recordPrefix: string },
  window: Window,
  maxCandidates: number,
): Promise<ReadResult> {
  const reply = (await redis.eval(
    READ_LUA,
    keys.exact.length + keys.readBands.length,
    ...keys.exact,
    ...keys.readBands,
    keys.exact.length,
    window.from,
    window.to,
    maxCandidates,
    keys.fingerprintPrefix,
    keys.recordPrefix,
  )) as [string, ...unknown[]];
  if (reply[0] === 'exact') return { kind: 'exact', story: reply[1] as string };
  const [, total, candidates, stories] = reply as [string, number, string[], string[]];
  return {
    kind: 'near',
    reportsInWindow: total,
    candidates: pairs(candidates).map(([articleId, fingerprint]) => ({ articleId, fingerprint })),
    stories: new Map(pairs(stories)),
  };
}

/**
 * KEYS: follow-up index keys (one sorted set per place and kind of event, scored by the incident's latest day).
 * ARGV: since (ms), most stories per key, story record key prefix. Returns {story id, story json, ...}, each once.
 */
const RECENT_STORIES_LUA = `
local seen, out = {}, {}
for i = 1, #KEYS do
  local ids = redis.call('zrevrangebyscore', KEYS[i], '+inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
  for _, id in ipairs(ids) do
    if not seen[id] then
      seen[id] = true
      local record = redis.call('get', ARGV[3] .. id)
      if record then out[#out + 1] = id; out[#out + 1] = record end
    end
  end
end
return out
`;

/** Stories of recent incidents under these follow-up index keys, by id, in one round trip. */
export async function readRecentStories(redis: Redis, keys: readonly string[], since: number, perKey: number, recordPrefix: string): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const reply = (await redis.eval(RECENT_STORIES_LUA, keys.length, ...keys, since, perKey, recordPrefix)) as string[];
  return new Map(pairs(reply));
}

export interface Commit {
  keys: { record: string; index: string; fingerprint: string; exact: string[]; readBands: string[]; writeBands: string[] };
  window: Window;
  read: { reportsInWindow: number; story: string };
  story: { id: string; json: string; latestReport: number };
  article: { id: string; published: number; fingerprint: string };
  staleBefore: number;
  bandTtlSecs: number;
  retentionSecs: number;
  maxListed: number;
}

/** True when committed; false when the state the decision was made on has changed (decide again). */
export async function commitAssign(redis: Redis, c: Commit): Promise<boolean> {
  const { keys } = c;
  const committed = await redis.eval(
    COMMIT_LUA,
    3 + keys.exact.length + keys.readBands.length + keys.writeBands.length,
    keys.record,
    keys.index,
    keys.fingerprint,
    ...keys.exact,
    ...keys.readBands,
    ...keys.writeBands,
    keys.exact.length,
    c.window.from,
    c.window.to,
    c.read.reportsInWindow,
    c.read.story,
    c.story.json,
    c.story.id,
    c.story.latestReport,
    c.article.id,
    c.article.published,
    c.staleBefore,
    c.bandTtlSecs,
    c.retentionSecs,
    c.article.fingerprint,
    c.maxListed,
    keys.readBands.length,
  );
  return committed === 1;
}
