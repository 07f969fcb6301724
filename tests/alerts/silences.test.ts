import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertMatcherSchema, matchesAlert } from '../../src/alerts/matcher.js';
import { formatSilence, SilenceStore } from '../../src/alerts/silences.js';
import { ManualClock } from '../../src/core/clock.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { sampleAlert, T0 } from './fixtures.js';

const prefix = uniquePrefix('silences');
const clock = new ManualClock(T0);
let redis: Redis;
let silences: SilenceStore;

beforeAll(() => {
  redis = testRedis();
  silences = new SilenceStore(redis, prefix, clock);
});
afterAll(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

describe('silences', () => {
  it.each([
    [{ indicator: 'kayes-convoy' }, true],
    [{ indicator: 'other' }, false],
    [{ story: 'st_1' }, true],
    [{ story: 'al_sample1' }, true],
    [{ place: 'place/diboli' }, true],
    [{ place: 'DIBOLI' }, true],
    [{ place: 'Kayes' }, false],
    [{ country: 'ml' }, true],
    [{ country: 'BF' }, false],
    [{ severity: 'high' as const }, true],
    [{ indicator: 'kayes-convoy', severity: 'critical' as const }, false],
  ])('matchers %j → silenced %s (all given matchers must hold)', (matchers, expected) => {
    expect(matchesAlert(AlertMatcherSchema.parse(matchers), sampleAlert())).toBe(expected);
  });

  it('refuses a silence without matchers or already expired', async () => {
    await expect(silences.add({ matchers: {}, expires_at: T0 + 1000, comment: 'x', created_by: 'y' })).rejects.toThrow(/at least one matcher/);
    await expect(silences.add({ matchers: { indicator: 'a' }, expires_at: T0 - 1, comment: 'x', created_by: 'y' })).rejects.toThrow(/past/);
  });

  it('lists active and expired silences for the CLI, and expires by hand', async () => {
    const s = await silences.add({ matchers: { indicator: 'kayes-convoy' }, expires_at: '2026-03-03T06:00:00Z', comment: 'exercise in Kayes', created_by: 'duty' });
    expect(formatSilence(s, clock.now())).toBe(`${s.id}  active until 2026-03-03T06:00:00.000Z  indicator=kayes-convoy  by duty: exercise in Kayes`);
    expect(await silences.isSilenced(sampleAlert())).toBe(true);
    expect(await silences.expire(s.id)).toBe(true);
    expect(await silences.expire('si_nope')).toBe(false);
    const [listed] = await silences.list();
    expect(formatSilence(listed!, clock.now())).toContain('expired 2026-03-02T06:00:00.000Z');
    expect(await silences.isSilenced(sampleAlert())).toBe(false);
  });
});
