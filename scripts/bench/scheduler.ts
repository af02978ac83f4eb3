import { performance } from 'node:perf_hooks';
import type { App } from '../../src/app';
import { calendarOf } from '../../src/bot/deps';
import { dueWaves } from '../../src/core/schedule/due';
import { silentLogger } from '../../src/log';
import { Scheduler } from '../../src/scheduler/scheduler';
import { DUE_AT } from './due';
import type { BenchPart, Figure } from './part';
import { median, round } from './part';
import { seedHistory, wardApp } from './ward';

/** The due computation exactly as a tick of `app` asks it, at `now`. */
export function tickDue(app: App, now: Date) {
  const { deps } = app;
  return () =>
    dueWaves({
      plans: deps.planSet.plans,
      periods: deps.periods.all(),
      responsibility: deps.responsibility,
      calendar: calendarOf(deps),
      hasReported: (periodId, unitId) => deps.reports.reportedUnits(periodId).has(unitId),
      now,
      lookbackMs: 8 * 86_400_000,
    });
}

/** Median time of `run` over `samples` calls, each at its own minute. */
export function timeTicks(samples: number, run: (i: number) => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    run(i);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * The scheduler's minute tick over the ward (200 units, every group bound), once the morning's wave of
 * reminders is queued: median of twenty minutes. Baseline: the due computation that tick would make,
 * with the same inputs, median of twenty.
 */
export const scheduler: BenchPart = {
  name: 'scheduler',
  async run(ctx) {
    const app = wardApp(ctx, 'scheduler');
    seedHistory(app, ctx.log);
    const s = new Scheduler(app.deps, silentLogger, { graceMs: 24 * 3_600_000, hasButtons: () => true });
    const t0 = performance.now();
    const first = s.tick(DUE_AT);
    ctx.log(
      `scheduler: the wave's tick queued ${first.queued} reminders and recorded ${first.skipped} superseded ones in ${Math.round(performance.now() - t0)} ms`,
    );
    const minute = (i: number) => new Date(DUE_AT.getTime() + (i + 1) * 60_000);
    const steady = timeTicks(20, (i) => s.tick(minute(i)));
    const base = timeTicks(20, () => tickDue(app, DUE_AT)());
    app.close();
    const figure: Figure = {
      name: 'scheduler tick, every minute, 200 units (median of 20)',
      value: round(steady),
      unit: 'ms',
      baseline: round(base),
      baselineLabel: 'the due computation of that tick, same inputs',
      ratio: round(steady / base),
      target: '< 50 ms',
      met: steady < 50,
      note: `the wave's own tick wrote ${first.queued + first.skipped} rows in ${Math.round(performance.now() - t0)} ms`,
    };
    return [figure];
  },
};
