import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection once the service has started. Building the gazetteer, compiling the
 * indicators and loading the libraries leave tens of MB of garbage that V8 would otherwise keep
 * mapped until allocation pressure or its memory reducer comes round (10–40 MB of an idle worker's
 * resident memory in its first minute; see the README's memory figures).
 */
export function collectStartupGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) {
    exposed();
    return;
  }
  // Node has no API for a full collection without --expose-gc; setting the flag at run time makes
  // a fresh context see `gc` (the main context was created before the flag).
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
