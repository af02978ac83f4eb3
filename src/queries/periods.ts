import type { Period } from '../core/periods/periods';
import { findPeriod, openPeriods } from '../core/periods/periods';
import type { PeriodRef } from '../core/report/types';
import { localDateOf } from '../core/time';
import type { BotDeps } from '../bot/deps';
import { currentPlan, lateWindowDays, periodsForUnit, planById, timeZoneOf } from '../bot/deps';

export type PeriodChoice =
  | { type: 'found'; period: Period; how: 'reply' | 'named' | 'open' }
  | { type: 'unknown_named' }
  | { type: 'not_for_unit'; period: Period }
  | { type: 'none_open' };

/**
 * The period a unit's message belongs to: the one of the bot message it replies to, else the one it
 * names ("báo cáo 6 tháng 2026"), else the open period nearest its deadline.
 */
export function choosePeriod(
  deps: BotDeps,
  unitId: string,
  now: Date,
  replyPeriodId: string | null,
  named: PeriodRef | null,
): PeriodChoice {
  const mine = periodsForUnit(deps, unitId);
  const today = localDateOf(now, timeZoneOf(deps));
  if (named) {
    const period = findPeriod(mine, named, today);
    if (period) return { type: 'found', period, how: 'named' };
    const elsewhere = findPeriod(deps.periods.all(), named, today);
    return elsewhere ? { type: 'not_for_unit', period: elsewhere } : { type: 'unknown_named' };
  }
  if (replyPeriodId) {
    const period = mine.find((p) => p.id === replyPeriodId);
    if (period) return { type: 'found', period, how: 'reply' };
  }
  const window = Math.max(0, ...deps.planSet.plans.map(lateWindowDays));
  const open = openPeriods(mine, today, window);
  const first = open[0];
  return first ? { type: 'found', period: first, how: 'open' } : { type: 'none_open' };
}

/**
 * The period a status command is about: the one named, else the open period of the current plan nearest
 * its deadline, else the next one to come.
 */
export function periodForStatus(deps: BotDeps, now: Date, named: PeriodRef | null): Period | null {
  const plan = currentPlan(deps);
  const all = deps.periods.ofPlan(plan.id).filter((p) => !p.cancelled);
  const today = localDateOf(now, timeZoneOf(deps));
  if (named) return findPeriod(all, named, today);
  const open = openPeriods(all, today, lateWindowDays(plan));
  return open[0] ?? all.find((p) => p.deadlineOn >= today) ?? all.at(-1) ?? null;
}

export function planOf(deps: BotDeps, period: Period) {
  const plan = planById(deps, period.planId);
  if (!plan) throw new Error(`period ${period.id} refers to plan ${period.planId}, which is not loaded`);
  return plan;
}
