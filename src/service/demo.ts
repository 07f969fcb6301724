import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../alerts/alert.js';
import { formatAlert } from '../alerts/terminal-text.js';
import { ConfigSchema } from '../config/config.js';
import type { Logger } from '../core/log.js';
import { packagePath } from '../core/paths.js';
import { DEFAULT_REDIS_URL, deletePrefixKeys } from '../queue/redis.js';
import { startSampleServer, startWebhookSink } from './demo-servers.js';
import { collectAlerts, pushSource, withReplayRetries } from './replay.js';
import { startService } from './service.js';

const EXAMPLES_DIR = packagePath('examples');
const OUTBOX_DIR = 'outbox';

function sinkLine(body: unknown): string {
  const { type, data } = body as { type?: string; data?: { severity?: string; indicator?: string; title?: string; version?: number; story?: { outlets?: number } } };
  return `  ↳ webhook ${type}: [${String(data?.severity).toUpperCase()}] ${data?.indicator} v${data?.version} (${data?.story?.outlets} outlets) — ${data?.title}`;
}

/** Article pages the sample ships (examples/pages/<outlet>/<path>.html). */
function pageCount(): number {
  const dir = join(EXAMPLES_DIR, 'pages');
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.html')).length;
}

/**
 * The whole pipeline on the bundled sample: a local server plays the outlets
 * (feeds and article pages), a local webhook sink plays the chat service, and
 * email goes to ./outbox. Uses a fresh key prefix and removes it afterwards, so
 * it can be run again and never touches the service's own data.
 */
export async function runDemo(log: Logger): Promise<void> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const sample = await startSampleServer(EXAMPLES_DIR);
  const sink = await startWebhookSink((body) => out(sinkLine(body)));
  const prefix = `sw-demo-${Date.now().toString(36)}`;
  const config = withReplayRetries(ConfigSchema.parse({
    redis: { url: process.env.REDIS_URL || DEFAULT_REDIS_URL, prefix },
    // The shipped indicators, wherever the command runs from (the sample is written for them).
    indicators: { hot_reload: false, dir: packagePath('indicators') },
    fetch: { allow_private: [sample.origin, sink.origin], total_timeout_ms: 5000 },
    delivery: {
      receivers: {
        'demo-chat': { type: 'webhook', url: `${sink.origin}/hook` },
        'demo-email': { type: 'email', to: ['analyst@example.org'] },
      },
      route: { receivers: ['demo-chat', 'demo-email'] },
      smtp: { url: `file:${OUTBOX_DIR}` },
    },
    // No record: the demo never touches the service's data, and keeps nothing.
    database: { enabled: false },
  }));
  const service = await startService(config, { roles: ['fetch', 'analyze', 'deliver'], log, autoStartRedis: true, watchIndicators: false });
  const alerts: Alert[] = [];
  out(
    `The sample outlets serve article pages for ${pageCount()} of their items (examples/pages/); for the others the page answers 404, ` +
      'so their feed summary is analysed instead, and the log says so ("article kept as summary ... HTTP 404"): the fallback a real feed needs when a page is gone.',
  );
  try {
    for (const file of readdirSync(join(EXAMPLES_DIR, 'feeds')).sort()) {
      out(`\n▶ ${file}`);
      const found = await collectAlerts(service, async () => {
        const { items, newItems } = await pushSource(service, config, `${sample.origin}/feeds/${file}`, log);
        out(`  ${items} items read, ${newItems} new`);
      });
      for (const alert of found) out(formatAlert(alert).replace(/^/gm, '  '));
      alerts.push(...found);
    }
    out(`\n${alerts.length} alerts raised or updated; webhook deliveries marked ↳ above; emails in ./${OUTBOX_DIR}/`);
  } finally {
    await service.close();
    await sample.close();
    await sink.close();
    await deletePrefixKeys(config.redis.url, prefix);
  }
}
