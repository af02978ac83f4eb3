import type { BotDeps } from '../bot/deps';
import { calendarOf } from '../bot/deps';
import type { CalendarConfig } from '../core/calendar';
import { nextWorkingTime } from '../core/calendar';
import type { DueItem } from '../core/schedule/due';
import { dueItems } from '../core/schedule/due';
import { tetBreakWarning } from '../core/schedule/calendarNotice';
import { tetBreakMissingMessage } from '../core/messages/schedule';
import { officeChats, queueToChats } from '../bot/notify';
import type { Logger } from '../log';
import type { ChatRecord } from '../storage/chats';
import { digestPayload } from '../queries/digest';
import { reminderFor } from '../queries/reminders';

export interface SchedulerOptions {
  /** Work that fell due longer ago than this while the bot was down is skipped, not sent late. */
  graceMs: number;
  /** How long after `start` the first (catch-up) tick runs, in ms (default one second). */
  catchUpDelayMs?: number;
}

export interface TickResult {
  queued: number;
  skipped: number;
}

/**
 * When a tick finds several reminders of one unit and period (the bot was down across two of them),
 * only the latest is sent: a unit gets one reminder at a time, never a burst.
 */
function latestPerUnit(items: readonly DueItem[]): Map<string, DueItem> {
  const latest = new Map<string, DueItem>();
  for (const item of items) {
    if (item.kind === 'digest') continue;
    const key = `${item.periodId}|${item.unitId}`;
    const seen = latest.get(key);
    if (!seen || item.at.getTime() > seen.at.getTime()) latest.set(key, item);
  }
  return latest;
}

/** How far back a tick looks: the grace window plus a week, so what was skipped is recorded once. */
const EXTRA_LOOKBACK_MS = 7 * 86_400_000;

/**
 * Each tick asks the core what has fallen due and writes it to the outbox, one row per chat. Keys make
 * a tick idempotent: running it twice, or after a restart, queues nothing new.
 */
export class Scheduler {
  private task: { stop(): unknown } | null = null;
  private startTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /**
   * Due items already written to the outbox for every chat they go to, so the ticks of each minute do
   * not rebuild them. Forgotten when a chat is bound, unbound or gone: a new chat then gets its share.
   */
  private readonly handled = new Set<string>();
  private handledFor = -1;

  constructor(
    private readonly deps: BotDeps,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions,
  ) {}

  tick(now: Date = this.deps.clock()): TickResult {
    const { deps } = this;
    const calendar = calendarOf(deps);
    const reported = new Map<string, Set<string>>();
    const hasReported = (periodId: string, unitId: string) => {
      let units = reported.get(periodId);
      if (!units) reported.set(periodId, (units = deps.reports.reportedUnits(periodId)));
      return units.has(unitId);
    };
    const items = dueItems({
      plans: deps.planSet.plans,
      periods: deps.periods.all(),
      responsibility: deps.responsibility,
      calendar,
      hasReported,
      now,
      lookbackMs: this.options.graceMs + EXTRA_LOOKBACK_MS,
    });
    const result: TickResult = { queued: 0, skipped: 0 };
    result.queued += this.calendarNotice(now, calendar);
    if (items.length === 0) return result;
    if (this.handledFor !== deps.chats.revision || this.handled.size > 200_000) {
      this.handled.clear();
      this.handledFor = deps.chats.revision;
    }
    const latest = latestPerUnit(items);
    deps.db.transaction(() => {
      const recipients = this.recipients();
      for (const item of items) {
        if (this.handled.has(item.key)) continue;
        this.queue(
          item,
          now,
          calendar,
          result,
          item.kind !== 'digest' && latest.get(`${item.periodId}|${item.unitId}`) !== item,
          recipients,
        );
      }
    });
    // Remembered only once committed: a failed tick is tried again in full.
    for (const item of items) this.handled.add(item.key);
    if (result.queued > 0) deps.wake();
    return result;
  }

  private queue(
    item: DueItem,
    now: Date,
    calendar: CalendarConfig,
    result: TickResult,
    superseded: boolean,
    recipients: (item: DueItem) => ChatRecord[],
  ): void {
    const { deps } = this;
    const period = deps.periods.get(item.periodId);
    if (!period) return;
    const stale = superseded || item.at.getTime() < now.getTime() - this.options.graceMs;
    // Late work waits for working hours too: nothing goes out at night or on a day off.
    const dueAt = nextWorkingTime(new Date(Math.max(item.at.getTime(), now.getTime())), calendar);
    const chats = recipients(item);
    // A digest is sent once, however late: leaders still want the picture. Built only if a chat lacks it.
    let digest: ReturnType<typeof digestPayload> | null = null;
    for (const chat of chats) {
      const key = `${item.key}@${chat.id}`;
      if (deps.outbox.get(key)) continue;
      if (item.kind === 'digest') digest ??= digestPayload(deps, period, item.reason, dueAt);
      const unit = item.kind === 'digest' ? null : deps.responsibility.units.get(item.unitId);
      const skip = stale && item.kind !== 'digest';
      // A skipped reminder is recorded, never sent: its text is not worth building.
      const payload =
        digest ??
        (unit && item.kind !== 'digest'
          ? skip
            ? { text: '' }
            : reminderFor(deps, period, unit, chat, item.offsetDays)
          : null);
      if (!payload) continue;
      deps.outbox.enqueue(
        {
          dedupeKey: key,
          chatId: chat.id,
          kind: item.kind,
          periodId: item.periodId,
          unitId: item.kind === 'digest' ? null : item.unitId,
          payload,
          dueAt,
          expiresAt: item.kind === 'digest' ? null : new Date(dueAt.getTime() + this.options.graceMs),
          skippedBecause: !skip
            ? undefined
            : superseded
              ? 'đã có lời nhắc mới hơn cho cùng kỳ'
              : 'đến hạn khi bot không chạy, quá thời gian cho phép gửi bù',
        },
        now,
      );
      if (skip) {
        result.skipped++;
        this.logger.warn('reminder skipped: it fell due too long ago', { key, due: item.at.toISOString() });
      } else result.queued++;
    }
  }

  /** In December, the office is told once if next year's Tết break is not in the organisation file. */
  private calendarNotice(now: Date, calendar: CalendarConfig): number {
    const warning = tetBreakWarning(now, calendar);
    if (!warning) return 0;
    const file = this.deps.planSet.organisation.sourceFile;
    return queueToChats(
      this.deps,
      officeChats(this.deps),
      { key: warning.key, kind: 'notice', payload: { text: tetBreakMissingMessage(warning, file) } },
      now,
    );
  }

  /**
   * Who gets what, from one read of the bindings per tick: a unit's chats (the office's for its own
   * unit), and for digests the leaders' and the office's.
   */
  private recipients(): (item: DueItem) => ChatRecord[] {
    const bound = this.deps.chats.allBound().filter((c) => !c.gone);
    const office = bound.filter((c) => c.role === 'office');
    // Digests go to the leaders, the office and the supervising bodies.
    const readers = bound.filter((c) => c.role === 'leader' || c.role === 'supervisor');
    const byUnit = new Map<string, ChatRecord[]>();
    for (const c of bound)
      if (c.role === 'unit' && c.unitId) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
    const officeUnit = this.deps.planSet.organisation.officeUnitId;
    return (item) =>
      item.kind === 'digest'
        ? [...readers, ...office]
        : item.unitId === officeUnit
          ? office
          : (byUnit.get(item.unitId) ?? []);
  }

  /**
   * Ticks once, to catch up on what fell due while the bot was down, then every minute. Resolves once the
   * minute ticks are set (node-cron is loaded then, off the path of start-up).
   */
  async start(): Promise<void> {
    this.stopped = false;
    // People whose messages waited while the bot was down are answered first; the catch-up of what fell
    // due meanwhile follows a moment later (nothing of it is lost: the tick looks back over the grace).
    await new Promise<void>((resolve) => {
      this.startTimer = setTimeout(resolve, this.options.catchUpDelayMs ?? 1000);
    });
    this.startTimer = null;
    if (this.stopped) return;
    this.safeTick();
    const { default: cron } = await import('node-cron');
    if (this.stopped) return;
    this.task = cron.schedule('* * * * *', () => this.safeTick(), {
      timezone: calendarOf(this.deps).timeZone,
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.startTimer) clearTimeout(this.startTimer);
    void this.task?.stop();
    this.task = null;
  }

  private safeTick(): void {
    try {
      const r = this.tick();
      if (r.queued + r.skipped > 0) this.logger.info('scheduler tick', { ...r });
    } catch (err) {
      this.logger.error('scheduler tick failed', { err });
    }
  }
}
