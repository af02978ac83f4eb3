import type { BotDeps } from '../bot/deps';
import type { Period } from '../core/periods/periods';
import type { Plan } from '../core/plan/types';
import type { PeriodOverview, UnitReportSummary } from '../core/status';
import { periodOverview } from '../core/status';
import { planOf } from './periods';

/** Where a period stands on `day`: each unit expected to report, its latest report, and the counts. */
export function overviewOf(
  deps: BotDeps,
  period: Period,
  day: string,
): { plan: Plan; overview: PeriodOverview } {
  const plan = planOf(deps, period);
  const reports = new Map<string, UnitReportSummary>();
  for (const [unitId, state] of deps.reports.periodState(period.id)) {
    reports.set(unitId, { firstLate: state.firstLate, items: state.latest.items });
  }
  return { plan, overview: periodOverview(plan, period, deps.responsibility, reports, day) };
}

/**
 * A mark that changes whenever something the overview shows of a period arrives (a report, a revision, a
 * document):
 * the web page asks for it now and then, and reloads when it changed.
 */
export function overviewVersionOf(deps: BotDeps, period: Period): string {
  return `${deps.reports.lastIdOf(period.id)}.${deps.documents.lastIdOf(period.id)}`;
}
