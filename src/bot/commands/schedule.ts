import { noPeriodToNudgeMessage, nudgeQueuedMessage } from '../../core/messages/reminders';
import { scheduleMessage } from '../../core/messages/schedule';
import type { DueItem } from '../../core/schedule/due';
import { dueItems } from '../../core/schedule/due';
import { expectedUnits } from '../../core/status';
import { daysBetween, localDateOf } from '../../core/time';
import { lookUpUnits } from '../../core/plan/resolve';
import type { Unit } from '../../core/plan/types';
import { chatsByUnit, unitsWithoutChat } from '../../queries/chats';
import { reminderFor } from '../../queries/reminders';
import { calendarOf, timeZoneOf } from '../deps';
import { queueToChats } from '../notify';
import { periodForStatus, planOf } from '../../queries/periods';
import type { Command } from './command';

/**
 * `/nhacnho [đơn vị, đơn vị | tất cả]`: queues a reminder now for the units named, or for every unit that
 * has not reported.
 */
export const nudgeCommand: Command = {
  names: ['nhacnho', 'nhac', 'remind'],
  description: 'Gửi nhắc báo cáo ngay',
  usage: '[đơn vị, đơn vị | tất cả]',
  audience: ['office'],
  run(turn, args) {
    const { deps, now } = turn;
    const period = periodForStatus(deps, now, null);
    if (!period) {
      turn.reply(noPeriodToNudgeMessage());
      turn.outcome = 'nudge:no-period';
      return;
    }
    const plan = planOf(deps, period);
    const reported = deps.reports.reportedUnits(period.id);
    const pending = expectedUnits(plan, period, deps.responsibility).filter((u) => !reported.has(u.id));
    let units: Unit[] = pending;
    const named = args.trim() ? lookUpUnits(deps.matcher, args) : ({ type: 'all' } as const);
    if (named.type === 'unknown' || named.type === 'ambiguous') {
      turn.reply(named.reply);
      turn.outcome = 'nudge:unit';
      return;
    }
    if (named.type === 'units') units = named.units;
    const today = localDateOf(now, timeZoneOf(deps));
    const offset = daysBetween(period.deadlineOn, today);
    let queued = 0;
    let reached = 0;
    // One read of the bindings: the units' chats, and those with none, whom no reminder can reach.
    const chats = chatsByUnit(deps);
    const unregistered = unitsWithoutChat(deps, units, chats);
    for (const unit of units) {
      let n = 0;
      for (const chat of (chats.get(unit.id) ?? []).filter((c) => c.id !== turn.chat.id)) {
        n += queueToChats(
          deps,
          [chat],
          {
            key: `nudge:${period.id}:${unit.id}:${now.getTime()}`,
            kind: 'nudge',
            periodId: period.id,
            unitId: unit.id,
            payload: reminderFor(deps, period, unit, chat, offset),
          },
          now,
        );
      }
      queued += n;
      if (n > 0) reached++;
    }
    turn.audit('nudge', {
      periodId: period.id,
      units: units.map((u) => u.id),
      queued,
      unregistered: unregistered.map((u) => u.id),
    });
    turn.reply(
      nudgeQueuedMessage({
        queued,
        reached,
        asked: units.length,
        unregistered: unregistered.map((u) => u.short),
      }),
    );
    turn.outcome = `nudge:${queued}`;
  },
};

/** `/lich`: the reminders and digests of the coming weeks, and what is queued now. */
export const scheduleCommand: Command = {
  names: ['lich', 'schedule'],
  description: 'Lịch nhắc và bản tin sắp tới',
  usage: '',
  audience: ['office', 'leader', 'supervisor'],
  run(turn) {
    const { deps, now } = turn;
    const dayMs = 86_400_000;
    const reported = new Map<string, Set<string>>();
    const hasReported = (periodId: string, unitId: string) => {
      let s = reported.get(periodId);
      if (!s) reported.set(periodId, (s = deps.reports.reportedUnits(periodId)));
      return s.has(unitId);
    };
    // Asked day by day, as the minute ticks will ask: over one long window the due function would keep
    // only the latest weekly digest (it never sends missed weeks one by one).
    const byKey = new Map<string, DueItem>();
    for (let day = 1; day <= 45; day++) {
      for (const item of dueItems({
        plans: deps.planSet.plans,
        periods: deps.periods.all(),
        responsibility: deps.responsibility,
        calendar: calendarOf(deps),
        hasReported,
        now: new Date(now.getTime() + day * dayMs),
        lookbackMs: dayMs,
      }))
        if (item.at.getTime() > now.getTime() && !byKey.has(item.key)) byKey.set(item.key, item);
    }
    const items = [...byKey.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
    const queued = deps.outbox
      .upcoming(20)
      .map((q) => ({ ...q, chatId: deps.chats.get(q.chatId)?.title ?? q.chatId }));
    turn.reply(
      scheduleMessage(
        items,
        queued,
        (id) => deps.periods.get(id),
        (id) => deps.responsibility.units.get(id) ?? null,
        timeZoneOf(deps),
      ),
    );
    turn.outcome = `schedule:${items.length}`;
  },
};
