import { afterEach, describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/feeds/dates.js';

const iso = (text: string) => {
  const ms = parseFeedDate(text);
  return ms === null ? null : new Date(ms).toISOString();
};

const serverTz = process.env.TZ;
afterEach(() => {
  if (serverTz === undefined) delete process.env.TZ;
  else process.env.TZ = serverTz;
});

describe('parseFeedDate', () => {
  it('reads the zone names West African, French and US outlets write', () => {
    expect(iso('Tue, 16 Sep 2025 09:30:00 WAT')).toBe('2025-09-16T08:30:00.000Z');
    expect(iso('Tue, 16 Sep 2025 09:30:00 CET')).toBe('2025-09-16T08:30:00.000Z');
    expect(iso('Tue, 16 Sep 2025 09:30:00 CEST')).toBe('2025-09-16T07:30:00.000Z');
    expect(iso('Thu, 30 Apr 2015 08:57:00 MET')).toBe('2015-04-30T07:57:00.000Z');
    expect(iso('Thu, 30 Apr 2015 08:57:00 MEST')).toBe('2015-04-30T06:57:00.000Z');
    expect(iso('Mon, 26 January 2004 16:31:00 ET')).toBe('2004-01-26T21:31:00.000Z');
    expect(iso('Mon, 26 January 2004 16:31:00 PT')).toBe('2004-01-27T00:31:00.000Z');
    expect(iso('Wed, 19 Aug 2009 18:28:00 Etc/GMT')).toBe('2009-08-19T18:28:00.000Z');
    expect(iso('Wed, 19 Feb 2012 22:40:00 GMT-01:01')).toBe('2012-02-19T23:41:00.000Z');
  });

  it('reads zone-less dates as UTC whatever the server time zone', () => {
    const zoneless = ['Thu, 01 Jan 2004', 'Sun Jan  4 16:29:06 2004', '2004-07-08 23:56:58', '2004-07-08 23:56:58.0', '2025-09-16T10:00', '16/09/2025'];
    const read = (tz: string) => {
      process.env.TZ = tz;
      return zoneless.map(iso);
    };
    const utc = read('UTC');
    expect(utc).toEqual(['2004-01-01T00:00:00.000Z', '2004-01-04T16:29:06.000Z', '2004-07-08T23:56:58.000Z', '2004-07-08T23:56:58.000Z', '2025-09-16T10:00:00.000Z', '2025-09-16T00:00:00.000Z']);
    expect(read('Africa/Lagos')).toEqual(utc);
    expect(read('America/Los_Angeles')).toEqual(utc);
  });

  it('keeps French CMS dates, ISO 8601 and JS/asctime/Twitter forms', () => {
    expect(iso('mar., 16 sept. 2025 10:00:00 +0200')).toBe('2025-09-16T08:00:00.000Z');
    expect(iso('le 16 septembre 2025 à 10h30 WAT')).toBe('2025-09-16T09:30:00.000Z');
    expect(iso('2007-04-23T23:25:47.538+10:00')).toBe('2007-04-23T13:25:47.538Z');
    expect(iso('Thu Aug 30 2012 17:26:16 GMT+0200 (Central European Summer Time)')).toBe('2012-08-30T15:26:16.000Z');
    expect(iso('Sun Jul 15 01:16:00 +0000 2012')).toBe('2012-07-15T01:16:00.000Z');
  });

  it('refuses garbage instead of guessing a plausible wrong date', () => {
    for (const bad of ['Sun, 16 Dec 2012 1:2:3:4 GMT', 'Sun, Dec x 2012 11:47:32 GMT', 'Sun, 99 Jun 2009 12:00:00 GMT', '2013-01-27-01', '2003-12-31T25:14:55Z', 'Tue, 16 Sep 2025 09:30:00 XYZ', '31/02/2025', '0001-01-01']) {
      expect(iso(bad), bad).toBeNull();
    }
  });
});
