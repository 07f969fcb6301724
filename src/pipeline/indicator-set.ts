import type { Logger } from '../core/log.js';
import { buildMatcher, type CompiledIndicator, loadIndicators, type Matcher, watchIndicators } from '../matching/indicators.js';

export interface IndicatorSnapshot {
  indicators: CompiledIndicator[];
  matcher: Matcher;
}

/** The indicators in force: swapped whole on hot reload, so a job never sees half a set. */
export class IndicatorSet {
  private snapshot: IndicatorSnapshot;
  private stopWatching?: () => void;

  constructor(
    readonly dir: string,
    private readonly log: Logger,
  ) {
    const { indicators, errors } = loadIndicators(dir);
    for (const error of errors) log.error(error);
    this.snapshot = { indicators, matcher: buildMatcher(indicators) };
    log.info({ dir, indicators: indicators.map((i) => i.id), rejected: errors.length }, 'Indicators loaded.');
  }

  current(): IndicatorSnapshot {
    return this.snapshot;
  }

  /** Reloads on file changes; a bad file is refused and the last good set stays. */
  watch(): void {
    this.stopWatching = watchIndicators(
      this.dir,
      (indicators) => {
        this.snapshot = { indicators, matcher: buildMatcher(indicators) };
        this.log.info({ indicators: indicators.map((i) => i.id) }, 'Indicators reloaded.');
      },
      this.log,
    );
  }

  close(): void {
    this.stopWatching?.();
  }
}
