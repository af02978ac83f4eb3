import type { BotDeps } from '../bot/deps';
import { officeOf, timeZoneOf } from '../bot/deps';
import { digestChart } from '../core/chart';
import { digestMessage } from '../core/messages/reminders';
import type { Period } from '../core/periods/periods';
import type { Milestone, Task, Unit } from '../core/plan/types';
import { addDays, localDateOf } from '../core/time';
import type { OutboxPayload } from '../storage/outbox';
import { overviewOf } from './overview';

/**
 * Milestones worth naming in a digest: dated ones within the next two years, and yearly ones with an
 * annual report where the ward chose to name them there (`withAnnualReport`: the plan sets no date).
 */
function comingMilestones(
  tasks: readonly Task[],
  period: Period,
  today: string,
): { task: Task; milestone: Milestone }[] {
  const out: { task: Task; milestone: Milestone }[] = [];
  const horizon = addDays(today, 730);
  for (const task of tasks) {
    for (const m of task.milestones) {
      if (
        m.kind === 'dated'
          ? m.date >= today && m.date <= horizon
          : m.withAnnualReport && period.kind === 'annual'
      )
        out.push({ task, milestone: m });
    }
  }
  return out;
}

/** The leaders' digest of a period at `at`: counts, units missing, difficulties, milestones, and a chart. */
export function digestPayload(
  deps: BotDeps,
  period: Period,
  reason: 'weekly' | 'after_deadline',
  at: Date,
): OutboxPayload {
  const tz = timeZoneOf(deps);
  const today = localDateOf(at, tz);
  const { plan, overview } = overviewOf(deps, period, today);
  const since = new Date(at.getTime() - 7 * 86_400_000);
  const unresolved = deps.difficulties.unresolved();
  const newDifficulties = deps.difficulties.raisedSince(since).map((d) => ({
    id: d.id,
    text: d.text,
    unit: deps.responsibility.units.get(d.unitId) ?? ({ short: d.unitId } as Unit),
  }));
  return {
    text: digestMessage({
      plan,
      office: officeOf(deps),
      overview,
      today,
      reason,
      newDifficulties,
      openDifficulties: unresolved.length,
      milestones: comingMilestones(plan.tasks, period, today),
      timeZone: tz,
      at,
    }),
    context: { kind: 'digest', periodId: period.id },
    chart: digestChart(overview),
  };
}
