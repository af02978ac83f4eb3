import type { Period } from '../core/periods/periods';
import { findPeriod, openPeriods } from '../core/periods/periods';
import type { Plan } from '../core/plan/types';
import type { PeriodRef } from '../core/report/types';
import { localDateOf } from '../core/time';
import type { BotDeps } from '../bot/deps';
import { currentPlan, lateWindowDays, periodsForUnit, planById, timeZoneOf } from '../bot/deps';

export type PeriodChoice =
  | { type: 'found'; period: Period; how: 'reply' | 'named' | 'open' | 'answer' }
  | { type: 'unknown_named' }
  | { type: 'not_for_unit'; period: Period }
  | { type: 'none_open' }
  /** The reply names a period the plan does not have ("quý IV"), or two at once: ask which one is meant. */
  | { type: 'other_period'; text: string; open: Period[]; several?: boolean }
  /** The reply names a period whose deadline has passed while another one is open: ask which. */
  | { type: 'which_period'; named: Period; open: Period }
  /** Several plans with an open period have these task numbers: ask which plan. */
  | { type: 'which_plan'; plans: Plan[] }
  /** The report names only plans the bot does not follow ("Kế hoạch số 35"): ask which one is meant. */
  | { type: 'unknown_plan'; numbers: string[]; plans: Plan[] };

/** What a message says, or quotes, about where it belongs. */
export interface PeriodHints {
  /** The period of the bot message the reply quotes (a reminder, a receipt). */
  replyPeriodId: string | null;
  /** The period its header names. */
  named: PeriodRef | null;
  /** A period the plan does not have, as written ("quý IV"), or two named at once (`severalPeriods`). */
  otherPeriod?: string | null;
  severalPeriods?: boolean;
  /** Plan numbers it names ("KH 168"). */
  plans?: string[];
  /** Its task numbers, to tell plans apart: a plan where the unit has none of them is not meant. */
  codes?: string[];
  /** An answer to the bot's question: this period, taken as it is (late or not). */
  chosen?: Period | null;
  /** The report says it is sent late or as a supplement ("gửi muộn", "bổ sung"): a past period it names is meant. */
  lateOnPurpose?: boolean;
}

/** Plans whose number is one of `numbers` ("168" is 168/KH-UBND). */
function plansNumbered(plans: readonly Plan[], numbers: readonly string[]): Plan[] {
  return plans.filter((p) => numbers.includes(String(Number(/^\d+/.exec(p.number)?.[0] ?? NaN))));
}

/**
 * The period a unit's report belongs to, or the question to ask. In order: the answer to an earlier
 * question; the plan named or quoted; the period quoted (a reminder, a receipt) or named ("báo cáo 6 tháng
 * cuối năm 2026" is the annual report); else the open period nearest its deadline. It asks rather than
 * guess when the text names a period the plan does not have, names a period long past while another is
 * open, or fits several plans that number their tasks alike.
 */
export function chooseReportPeriod(
  deps: BotDeps,
  unitId: string,
  now: Date,
  hints: PeriodHints,
): PeriodChoice {
  if (hints.chosen) return { type: 'found', period: hints.chosen, how: 'answer' };
  const today = localDateOf(now, timeZoneOf(deps));
  const window = Math.max(0, ...deps.planSet.plans.map(lateWindowDays));
  let mine = periodsForUnit(deps, unitId);
  const replied = hints.replyPeriodId ? (mine.find((p) => p.id === hints.replyPeriodId) ?? null) : null;

  // Which plan: the one quoted, else the ones named, else those with an open period for these tasks.
  if (replied) mine = mine.filter((p) => p.planId === replied.planId);
  else if (hints.plans && hints.plans.length > 0) {
    const named = plansNumbered(deps.planSet.plans, hints.plans).map((p) => p.id);
    if (named.length > 0) mine = mine.filter((p) => named.includes(p.planId));
    else {
      const own = [...new Set(mine.map((p) => p.planId))]
        .map((id) => planById(deps, id))
        .filter((p): p is Plan => p !== null);
      return { type: 'unknown_plan', numbers: hints.plans, plans: own };
    }
  } else {
    const open = openPeriods(mine, today, window);
    const plans = [...new Set(open.map((p) => p.planId))]
      .map((id) => planById(deps, id))
      .filter((p): p is Plan => p !== null)
      .filter((plan) => {
        const own = new Set(deps.responsibility.reportableTasks(plan, unitId).map((t) => t.code));
        return !hints.codes || hints.codes.length === 0 || hints.codes.some((c) => own.has(c));
      });
    if (plans.length > 1) return { type: 'which_plan', plans };
    const only = plans[0];
    if (only) mine = mine.filter((p) => p.planId === only.id);
  }

  const open = openPeriods(mine, today, window);
  if (hints.otherPeriod && !hints.named)
    return {
      type: 'other_period',
      text: hints.otherPeriod,
      open,
      ...(hints.severalPeriods ? { several: true } : {}),
    };
  if (hints.named) {
    const period = findPeriod(mine, hints.named, today);
    if (!period) {
      const elsewhere = findPeriod(deps.periods.all(), hints.named, today);
      return elsewhere ? { type: 'not_for_unit', period: elsewhere } : { type: 'unknown_named' };
    }
    // A period long past, named while another is the one being collected: a header copied from an old
    // report, or a late report? Ask; a wrong late mark would stay in the unit's record.
    const current = open[0];
    if (
      period.deadlineOn < today &&
      current &&
      current.id !== period.id &&
      current.deadlineOn >= today &&
      !hints.lateOnPurpose &&
      (!replied || replied.id !== period.id)
    )
      return { type: 'which_period', named: period, open: current };
    // Quoting one period's reminder and naming another: one of the two is a slip, only the unit knows which.
    if (replied && replied.id !== period.id) return { type: 'which_period', named: period, open: replied };
    return { type: 'found', period, how: 'named' };
  }
  if (replied) return { type: 'found', period: replied, how: 'reply' };
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

/**
 * The period a unit's own question or `/xem` is about: the one named, else the open period nearest its
 * deadline (of any plan the unit reports in), else the current plan's.
 */
export function periodForUnit(
  deps: BotDeps,
  unitId: string,
  now: Date,
  named: PeriodRef | null,
): Period | null {
  const mine = periodsForUnit(deps, unitId);
  const today = localDateOf(now, timeZoneOf(deps));
  if (named) return findPeriod(mine, named, today) ?? periodForStatus(deps, now, named);
  const window = Math.max(0, ...deps.planSet.plans.map(lateWindowDays));
  return openPeriods(mine, today, window)[0] ?? periodForStatus(deps, now, null);
}

export function planOf(deps: BotDeps, period: Period) {
  const plan = planById(deps, period.planId);
  if (!plan) throw new Error(`period ${period.id} refers to plan ${period.planId}, which is not loaded`);
  return plan;
}
