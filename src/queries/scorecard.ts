import type { BotDeps } from '../bot/deps';
import { timeZoneOf } from '../bot/deps';
import { yearScorecard } from '../core/compile';
import type { ScoreRow } from '../core/compile';
import type { Plan } from '../core/plan/types';
import type { TaskStatus } from '../core/report/types';
import { localDateOf } from '../core/time';

/** The year's scorecard of a plan, from what the database holds now. */
export function scorecardOf(deps: BotDeps, plan: Plan, year: number, now: Date): ScoreRow[] {
  const periods = deps.periods.ofPlan(plan.id);
  const states = new Map<string, Map<string, { firstLate: boolean; statuses: (TaskStatus | null)[] }>>();
  for (const p of periods) {
    if (p.year !== year) continue;
    const byUnit = new Map<string, { firstLate: boolean; statuses: (TaskStatus | null)[] }>();
    for (const [unitId, s] of deps.reports.periodState(p.id))
      byUnit.set(unitId, { firstLate: s.firstLate, statuses: s.latest.items.map((i) => i.status) });
    states.set(p.id, byUnit);
  }
  return yearScorecard({
    plan,
    periods,
    responsibility: deps.responsibility,
    year,
    states,
    today: localDateOf(now, timeZoneOf(deps)),
  });
}
