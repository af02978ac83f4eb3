import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../src/log';
import { Scheduler } from '../../src/scheduler/scheduler';
import { DUE_AT, dueInput, timeDue } from './due';
import type { BenchPart, Figure } from './part';
import { round } from './part';
import { tickDue, timeTicks } from './scheduler';
import { WARD_PLANS, wardApp } from './ward';

/** Telegram's published limit for one bot: about thirty messages a second overall. */
const TELEGRAM_PER_SECOND = 30;

/**
 * A national organisation: since the 2025 reorganisation Vietnam has 3,321 communes and wards, about
 * forty thousand reporting units at a dozen each; measured at 100,000 units (five plans, as the ward
 * bench) in one organisation file. The due computation (median of five), and the scheduler's minute
 * tick on the bot's database holding them (median of twenty), with the tick that has to recompute
 * (a chat was bound) beside it. What limits a wave at that size is the platforms' send rates.
 */
export const national: BenchPart = {
  name: 'national',
  async run(ctx) {
    const units = ctx.quick ? 20_000 : 100_000;
    const base = timeDue(dueInput(ctx, 200), 5);
    const t0 = performance.now();
    const input = dueInput(ctx, units);
    ctx.log(
      `national: ${units.toLocaleString('en')} units loaded and indexed in ${Math.round(performance.now() - t0)} ms`,
    );
    const due = timeDue(input, 5);
    const figures: Figure[] = [
      {
        name: `national scale: due computation, ${units.toLocaleString('en')} units (median of 5)`,
        value: round(due.ms),
        unit: 'ms',
        baseline: round(base.ms),
        baselineLabel: '200 units, same plans and instant',
        ratio: round(due.ms / base.ms),
        target: '≤ 1,000 ms',
        met: due.ms <= 1_000,
        note: `${due.owed.toLocaleString('en')} reminders owed in ${due.waves} waves and digests`,
      },
    ];

    const a0 = performance.now();
    const app = wardApp(ctx, 'national', { units });
    ctx.log(
      `national: the bot started on ${units.toLocaleString('en')} units in ${Math.round(performance.now() - a0)} ms`,
    );
    const s = new Scheduler(app.deps, silentLogger, { graceMs: 24 * 3_600_000 });
    s.tick(DUE_AT);
    const minute = (i: number) => new Date(DUE_AT.getTime() + (i + 1) * 60_000);
    const steady = timeTicks(20, (i) => s.tick(minute(i)));
    // A chat bound before each tick: the tick recomputes what is due and gives the new chat its share.
    const recompute = timeTicks(
      5,
      (i) => {
        const r = s.tick(minute(100 + i));
        // The chat's unit is owed the morning's reminder of each plan.
        if (r.queued !== WARD_PLANS)
          throw new Error(`a newly bound chat got ${r.queued} reminders, not ${WARD_PLANS}`);
      },
      // Before each (not timed): a unit's group is bound.
      (i) =>
        app.deps.chats.bind(
          `bench:nat:${i}`,
          {
            kind: 'group',
            title: `Nhóm ${i}`,
            role: 'unit',
            unitId: `u${String(10 + i).padStart(4, '0')}`,
            via: 'bench',
          },
          DUE_AT,
        ),
    );
    const computeOnly = timeTicks(5, () => tickDue(app, DUE_AT)());
    app.close();
    figures.push(
      {
        name: `national scale: scheduler tick every minute, ${units.toLocaleString('en')} units (median of 20)`,
        value: round(steady),
        unit: 'ms',
        baseline: round(computeOnly),
        baselineLabel: 'the due computation of that tick, same inputs',
        ratio: round(steady / computeOnly),
        target: '≤ 50 ms',
        met: steady <= 50,
        note: 'nothing new can fall due before the next reminder morning: the tick checks that and returns',
      },
      {
        name: `national scale: scheduler tick after a chat is bound, ${units.toLocaleString('en')} units (median of 5)`,
        value: round(recompute),
        unit: 'ms',
        baseline: round(computeOnly),
        baselineLabel: 'the due computation of that tick, same inputs',
        ratio: round(recompute / computeOnly),
        target: '≤ 1,000 ms',
        met: recompute <= 1_000,
        note: `the limit is the platforms': one reminder to each of ${units.toLocaleString('en')} units at Telegram's ${TELEGRAM_PER_SECOND}/s takes ${Math.round(units / TELEGRAM_PER_SECOND / 60)} min (40,000 units: ${Math.round(40_000 / TELEGRAM_PER_SECOND / 60)} min)`,
      },
    );
    return figures;
  },
};
