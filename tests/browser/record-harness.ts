import type { Browser, Page } from 'playwright-core';
import type { RecordStore } from '../../src/record/store.js';
import { openTestRecord } from '../helpers/record.js';
import { startTestConsole, type TestConsole } from '../http/harness.js';
import { launchChromium, openConsole } from './chromium.js';

export interface RecordConsole {
  t: TestConsole;
  record: RecordStore;
  /** Launches Chromium (once) and opens the console, ready; `errors` collects its console errors and warnings. */
  openPage(errors: string[]): Promise<Page>;
  /** Closes the browser, the console and the record. */
  close(): Promise<void>;
}

/** A test console reading a PostgreSQL record of its own (a database per test file), for the console's record panels. */
export async function startRecordConsole(area: string): Promise<RecordConsole> {
  const opened = await openTestRecord('postgres', area);
  const t = await startTestConsole(area);
  t.ctx.record = opened.record;
  let browser: Browser | undefined;
  return {
    t,
    record: opened.record,
    openPage: async (errors) => {
      browser ??= await launchChromium();
      return openConsole(browser, t.server.url, errors);
    },
    close: async () => {
      await browser?.close();
      await t.close();
      await opened.close();
    },
  };
}
