import { describe, expect, it } from 'vitest';
import { AlertMatcherSchema, formatMatcher, isEmptyMatcher, matchesAlert } from '../../src/alerts/matcher.js';
import { SilenceMatchersSchema } from '../../src/alerts/silences.js';
import { DeliveryConfigSchema } from '../../src/delivery/config.js';
import { routeAlert } from '../../src/delivery/route.js';
import { AlertFilterSchema } from '../../src/http/schemas.js';
import { sampleAlert } from './fixtures.js';

// sampleAlert: indicator kayes-convoy, story st_1 / alert al_sample1, severity high, tags [jnim], place Diboli (ML).
describe('the alert-matcher vocabulary (routes, inhibit rules, silences, API filters)', () => {
  it.each([
    [{}, true],
    [{ indicator: 'kayes-convoy' }, true],
    [{ indicator: ['other', 'kayes-convoy'] }, true],
    [{ indicator: 'other,kayes-convoy' }, true],
    [{ indicator: 'other' }, false],
    [{ story: 'st_1' }, true],
    [{ story: 'al_sample1' }, true],
    [{ story: 'st_2' }, false],
    [{ place: 'diboli' }, true],
    [{ place: 'place/diboli' }, true],
    [{ place: 'Kayes' }, false],
    [{ country: 'ml' }, true],
    [{ country: 'BF, ML' }, true],
    [{ country: 'BF' }, false],
    [{ severity: 'high' }, true],
    [{ severity: 'medium' }, false],
    [{ severity_at_least: 'medium' }, true],
    [{ severity_at_least: 'critical' }, false],
    [{ tags: 'jnim' }, true],
    [{ tags: ['iswap'] }, false],
    [{ indicator: 'kayes-convoy', country: 'BF' }, false],
  ])('%j → %s (every given field holds; any value of a field)', (input, expected) => {
    expect(matchesAlert(AlertMatcherSchema.parse(input), sampleAlert())).toBe(expected);
  });

  it('reads the same in a route, a silence and an API filter', () => {
    const input = { indicator: 'kayes-convoy', country: 'ml' };
    const asSilence = SilenceMatchersSchema.parse(input);
    const asFilter = AlertFilterSchema.parse(input);
    const config = DeliveryConfigSchema.parse({ receivers: { desk: { type: 'webhook', url: 'http://127.0.0.1:9/h' } }, route: { routes: [{ match: input, receivers: ['desk'] }] } });
    expect(asSilence).toEqual({ indicator: ['kayes-convoy'], country: ['ML'] });
    expect(asFilter).toEqual(asSilence);
    expect(config.route.routes[0]?.match).toEqual(asSilence);
    expect(routeAlert(config, sampleAlert())).toEqual(['desk']);
    expect(formatMatcher(asSilence)).toBe('indicator=kayes-convoy country=ML');
  });

  it('refuses misspelt fields and bad values with the field named, and a silence that matches everything', () => {
    const misspelt = AlertMatcherSchema.safeParse({ indicater: 'x' });
    expect(misspelt.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(AlertMatcherSchema.safeParse({ country: 'Mali' }).error?.issues[0]).toMatchObject({ path: ['country', 0], message: expect.stringContaining('alpha-2') });
    expect(AlertMatcherSchema.safeParse({ indicator: ' , ' }).error?.issues[0]?.path).toEqual(['indicator']);
    expect(AlertMatcherSchema.safeParse({ severity_at_least: 'urgent' }).success).toBe(false);
    expect(isEmptyMatcher(AlertMatcherSchema.parse({}))).toBe(true);
    expect(SilenceMatchersSchema.safeParse({}).error?.issues[0]?.message).toBe('a silence needs at least one matcher');
  });
});
