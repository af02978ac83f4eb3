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
  return () => {
    // Who reported is read once per period, as the tick reads it.
    const reported = new Map<string, Set<string>>();
    return dueWaves({
      plans: deps.planSet.plans,
      periods: deps.periods.all(),
      responsibility: deps.responsibility,
      calendar: calendarOf(deps),
      hasReported: (periodId, unitId) => {
        let units = reported.get(periodId);
        if (!units) reported.set(periodId, (units = deps.reports.reportedUnits(periodId)));
        return units.has(unitId);
      },
      now,
      lookbackMs: 8 * 86_400_000,
    });
  };
}

/** Median time of `run` over `samples` calls, each at its own minute, after an untimed `before`. */
export function timeTicks(
  samples: number,
  run: (i: number) => unknown,
  before?: (i: number) => void,
): number {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    before?.(i);
    const t0 = performance.now();
    run(i);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * The scheduler's minute tick over the ward (200 units, every group bound), once the morning's wave of
 * reminders is queued: median of twenty minutes; and the tick that has to work out again what is due
 * because a chat was bound (it gives the new chat its share), median of five. Baseline: the due
 * computation those ticks would make, with the same inputs, median of twenty.
 */
export const scheduler: BenchPart = {
  name: 'scheduler',
  async run(ctx) {
    const app = wardApp(ctx, 'scheduler');
    seedHistory(app, ctx.log);
    const s = new Scheduler(app.deps, silentLogger, { graceMs: 24 * 3_600_000 });
    const t0 = performance.now();
    const first = s.tick(DUE_AT);
    const firstMs = performance.now() - t0;
    ctx.log(
      `scheduler: the wave's tick queued ${first.queued} reminders and recorded ${first.skipped} superseded ones in ${Math.round(firstMs)} ms`,
    );
    const minute = (i: number) => new Date(DUE_AT.getTime() + (i + 1) * 60_000);
    const steady = timeTicks(20, (i) => s.tick(minute(i)));
    const recompute = timeTicks(
      5,
      (i) => s.tick(minute(100 + i)),
      // Before each (not timed): a unit's second group is bound.
      (i) =>
        app.deps.chats.bind(
          `bench:extra:${i}`,
          { kind: 'group', title: `Nhóm ${i}`, role: 'unit', unitId: 'u0001', via: 'bench' },
          DUE_AT,
        ),
    );
    const base = timeTicks(20, () => tickDue(app, DUE_AT)());
    app.close();
    const common = {
      unit: 'ms',
      baseline: round(base),
      baselineLabel: 'the due computation of that tick, same inputs',
    };
    return [
      {
        ...common,
        name: 'scheduler tick, every minute, 200 units (median of 20)',
        value: round(steady),
        ratio: round(steady / base),
        target: '< 50 ms',
        met: steady < 50,
        note: `nothing new falls due before the next reminder morning: the tick checks that and returns; the wave's own tick wrote ${first.queued + first.skipped} rows in ${Math.round(firstMs)} ms`,
      },
      {
        ...common,
        name: 'scheduler tick after a chat is bound, 200 units (median of 5)',
        value: round(recompute),
        ratio: round(recompute / base),
        target: '< 50 ms',
        met: recompute < 50,
      },
    ] satisfies Figure[];
  },
};
