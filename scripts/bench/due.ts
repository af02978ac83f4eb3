import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultCalendarConfig } from '../../src/core/calendar';
import { regularPeriods } from '../../src/core/periods/periods';
import { buildPlanSet } from '../../src/core/plan/build';
import { Responsibility } from '../../src/core/plan/responsibility';
import type { DueInput } from '../../src/core/schedule/due';
import { dueWaves } from '../../src/core/schedule/due';
import { instantAt } from '../../src/core/time';
import type { BenchContext, BenchPart, Figure } from './part';
import { median, round } from './part';
import { WARD_PLANS, wardDir } from './ward';

/** A reminder morning: three reminders of each of the five plans' six-month periods are in the window. */
export const DUE_AT = instantAt('2026-06-09', '08:00', 'Asia/Ho_Chi_Minh');

/** What a tick gives the due computation, for a synthetic organisation of `units` units. */
export function dueInput(ctx: BenchContext, units: number): DueInput {
  const dir = wardDir(ctx, units);
  const sources = ['don-vi.yaml', ...Array.from({ length: WARD_PLANS }, (_, p) => `kh-${p}.yaml`)].map(
    (file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }),
  );
  const built = buildPlanSet(sources);
  if (!built.ok) throw new Error(JSON.stringify(built.problems.slice(0, 3)));
  const { organisation, plans } = built.planSet;
  return {
    plans,
    periods: plans.flatMap((p) => regularPeriods(p, defaultCalendarConfig)),
    responsibility: new Responsibility(organisation, plans),
    calendar: defaultCalendarConfig,
    // One unit in ten has reported.
    hasReported: (_p: string, u: string) => u.endsWith('7'),
    now: DUE_AT,
    lookbackMs: 8 * 86_400_000,
  };
}

/** Median time of the due computation over `samples` runs (after one that warms what a process keeps warm). */
export function timeDue(input: DueInput, samples: number): { ms: number; waves: number; owed: number } {
  let waves = dueWaves(input);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    waves = dueWaves(input);
    times.push(performance.now() - t0);
  }
  const owed = waves.reduce((n, w) => n + (w.kind === 'digest' ? 0 : w.unitIds.length), 0);
  return { ms: median(times), waves: waves.length, owed };
}

/**
 * How the due computation (what has fallen due, and for which units) grows with the organisation: the
 * same function on the same plans at the same instant, at 200, 2,000 and 20,000 units, median of seven
 * runs at each size. Target: linear at most, within 25 %.
 */
export const due: BenchPart = {
  name: 'due',
  async run(ctx) {
    const sizes = ctx.quick ? [200, 2_000] : [200, 2_000, 20_000];
    const results = sizes.map((units) => ({ units, ...timeDue(dueInput(ctx, units), 7) }));
    const base = results[0]!;
    return results.slice(1).map((r): Figure => {
      const growth = r.ms / base.ms / (r.units / base.units);
      return {
        name: `due computation, ${r.units.toLocaleString('en')} units (median of 7)`,
        value: round(r.ms),
        unit: 'ms',
        baseline: round(base.ms),
        baselineLabel: `${base.units} units, same plans and instant`,
        ratio: round(r.ms / base.ms),
        target: `≤ linear + 25 %: ratio ≤ ${((1.25 * r.units) / base.units).toLocaleString('en')}`,
        met: growth <= 1.25,
        note: `${r.owed.toLocaleString('en')} reminders owed in ${r.waves} waves; growth per unit ×${round(growth)} of the ${base.units}-unit run`,
      };
    });
  },
};
