import type { BotDeps } from '../bot/deps';
import { calendarOf } from '../bot/deps';
import type { CalendarConfig } from '../core/calendar';
import type { Period } from '../core/periods/periods';
import { nextWorkingTime } from '../core/calendar';
import type { DueDigest, DueWave } from '../core/schedule/due';
import { dueWaves, nextDueAfter, unitKey } from '../core/schedule/due';
import { tetBreakWarning } from '../core/schedule/calendarNotice';
import { tetBreakMissingMessage } from '../core/messages/schedule';
import { officeChats, queueToChats } from '../bot/notify';
import type { Logger } from '../log';
import type { ChatRecord } from '../storage/chats';
import type { OutboxPayload } from '../storage/outbox';
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
 * When a tick finds several reminders of one period (the bot was down across two of them), only the
 * latest is sent: a unit gets one reminder at a time, never a burst. The waves of a period are owed by
 * the same units, so the latest wave supersedes the others for all of them.
 */
function latestPerPeriod(items: readonly (DueWave | DueDigest)[]): Map<string, DueWave> {
  const latest = new Map<string, DueWave>();
  for (const item of items) {
    if (item.kind === 'digest') continue;
    const seen = latest.get(item.periodId);
    if (!seen || item.at.getTime() > seen.at.getTime()) latest.set(item.periodId, item);
  }
  return latest;
}

/** What a chat is bound as: a change of it gives the chat its share of what is due. */
const bindingOf = (c: ChatRecord) => `${c.role}|${c.unitId ?? ''}`;

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
   * Waves and digests already written to the outbox for every chat they go to, so the ticks of each
   * minute do not rebuild them. A unit that reports meanwhile only leaves a wave (its reminders are
   * cancelled then).
   */
  private readonly handled = new Set<string>();
  /**
   * The bindings (chat → role and unit) the handled waves were written for. A chat bound, rebound or
   * back from gone since then is given its share of every wave in the window, and only it: with a
   * country's units bound, one new group must not make the tick write everything again.
   */
  private served = new Map<string, string>();
  private readonly noticed = new Set<string>();
  private servedFor = -1;
  /**
   * Nothing new can fall due before `until` while the chats and the periods stay as they were: the ticks
   * of those minutes return at once. A report only takes units out of what is due, so it changes nothing.
   */
  private quiet: { until: number; chats: number; periods: readonly Period[] } | null = null;

  constructor(
    private readonly deps: BotDeps,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions,
  ) {}

  tick(now: Date = this.deps.clock()): TickResult {
    const { deps } = this;
    const periods = deps.periods.all();
    const calendar = calendarOf(deps);
    const result: TickResult = { queued: 0, skipped: 0 };
    result.queued += this.calendarNotice(now, calendar);
    const q = this.quiet;
    if (q && now.getTime() < q.until && q.chats === deps.chats.revision && q.periods === periods)
      return result;
    const reported = new Map<string, Set<string>>();
    const hasReported = (periodId: string, unitId: string) => {
      let units = reported.get(periodId);
      if (!units) reported.set(periodId, (units = deps.reports.reportedUnits(periodId)));
      return units.has(unitId);
    };
    const items = dueWaves({
      plans: deps.planSet.plans,
      periods,
      responsibility: deps.responsibility,
      calendar,
      hasReported,
      now,
      lookbackMs: this.options.graceMs + EXTRA_LOOKBACK_MS,
    });
    if (this.handled.size > 10_000) this.handled.clear();
    const quietUntil = () => ({
      until: nextDueAfter({ plans: deps.planSet.plans, periods, calendar, now })?.getTime() ?? Infinity,
      chats: deps.chats.revision,
      periods,
    });
    // The chats whose binding is new since the handled waves were written (all of them at the first tick).
    let bound: ChatRecord[] | null = null;
    let changed: Set<string> | null = null;
    if (this.servedFor !== deps.chats.revision) {
      bound = deps.chats.allBound().filter((c) => !c.gone);
      changed = new Set(bound.filter((c) => this.served.get(c.id) !== bindingOf(c)).map((c) => c.id));
    }
    const fresh = items.filter((item) => !this.handled.has(item.key));
    if (fresh.length === 0 && (changed?.size ?? 0) === 0) {
      if (bound) this.serve(bound);
      this.quiet = quietUntil();
      return result;
    }
    const latest = latestPerPeriod(items);
    deps.db.transaction(() => {
      const recipients = this.recipients(bound ?? deps.chats.allBound().filter((c) => !c.gone));
      const fresher = new Set(fresh);
      for (const item of items) {
        // A handled wave is written again only for the chats bound since.
        const only = fresher.has(item) ? null : changed;
        if (only?.size === 0 || (!fresher.has(item) && !only)) continue;
        this.queue(
          item,
          now,
          calendar,
          result,
          item.kind !== 'digest' && latest.get(item.periodId) !== item,
          recipients,
          only,
        );
      }
    });
    // Remembered only once committed: a failed tick is tried again in full.
    for (const item of fresh) this.handled.add(item.key);
    if (bound) this.serve(bound);
    this.quiet = quietUntil();
    if (result.queued > 0) deps.wake();
    return result;
  }

  /** Writes a wave (one row per unit and chat) or a digest (one per chat) to the outbox. */
  private queue(
    item: DueWave | DueDigest,
    now: Date,
    calendar: CalendarConfig,
    result: TickResult,
    superseded: boolean,
    recipients: (item: DueWave | DueDigest, unitId: string | null) => ChatRecord[],
    only: ReadonlySet<string> | null,
  ): void {
    const { deps } = this;
    const period = deps.periods.get(item.periodId);
    if (!period) return;
    const stale = superseded || item.at.getTime() < now.getTime() - this.options.graceMs;
    // Late work waits for working hours too: nothing goes out at night or on a day off.
    const dueAt = nextWorkingTime(new Date(Math.max(item.at.getTime(), now.getTime())), calendar);
    const expiresAt = new Date(dueAt.getTime() + this.options.graceMs);
    const enqueue = (key: string, chat: ChatRecord, unitId: string | null, payload: OutboxPayload) =>
      deps.outbox.enqueue(
        {
          dedupeKey: key,
          chatId: chat.id,
          kind: item.kind,
          periodId: item.periodId,
          unitId,
          payload,
          dueAt,
          expiresAt: item.kind === 'digest' ? null : expiresAt,
          skippedBecause:
            item.kind === 'digest' || !stale
              ? undefined
              : superseded
                ? 'đã có lời nhắc mới hơn cho cùng kỳ'
                : 'đến hạn khi bot không chạy, quá thời gian cho phép gửi bù',
        },
        now,
      );

    if (item.kind === 'digest') {
      // A digest is sent once, however late: leaders still want the picture. Built only if a chat lacks it.
      let digest: OutboxPayload | null = null;
      for (const chat of recipients(item, null)) {
        if (only && !only.has(chat.id)) continue;
        const key = `${item.key}@${chat.id}`;
        if (deps.outbox.has(key)) continue;
        digest ??= digestPayload(deps, period, item.reason, dueAt);
        enqueue(key, chat, null, digest);
        result.queued++;
      }
      return;
    }
    for (const unitId of only ? this.unitsAmong(item.unitIds, only) : item.unitIds) {
      const all = recipients(item, unitId);
      if (all.length === 0) continue;
      const chats = only ? all.filter((c) => only.has(c.id)) : all;
      if (chats.length === 0) continue;
      const unit = deps.responsibility.units.get(unitId);
      if (!unit) continue;
      const unitItemKey = unitKey(item, unitId);
      for (const chat of chats) {
        const key = `${unitItemKey}@${chat.id}`;
        if (deps.outbox.has(key)) continue;
        // A skipped reminder is recorded, never sent: its text is not worth building.
        const payload: OutboxPayload = stale
          ? { text: '' }
          : reminderFor(deps, period, unit, chat, item.offsetDays);
        enqueue(key, chat, unitId, payload);
        if (stale) {
          result.skipped++;
          this.logger.warn('reminder skipped: it fell due too long ago', { key, due: item.at.toISOString() });
        } else result.queued++;
      }
    }
  }

  /** In December, the office is told once if next year's Tết break is not in the organisation file. */
  private calendarNotice(now: Date, calendar: CalendarConfig): number {
    const warning = tetBreakWarning(now, calendar);
    if (!warning) return 0;
    // Written once for the office's chats as they are (its key keeps it once across restarts too): the
    // ticks of a December day do not write it again every minute; an office chat bound later gets it.
    const noticed = `${warning.key}#${this.deps.chats.revision}`;
    if (this.noticed.has(noticed)) return 0;
    const file = this.deps.planSet.organisation.sourceFile;
    const queued = queueToChats(
      this.deps,
      officeChats(this.deps),
      { key: warning.key, kind: 'notice', payload: { text: tetBreakMissingMessage(warning, file) } },
      now,
    );
    this.noticed.add(noticed);
    return queued;
  }

  /**
   * Who gets what, from one read of the bindings per tick: a unit's chats (the office's for its own
   * unit), and for digests the leaders' and the office's.
   */
  private recipients(
    bound: readonly ChatRecord[],
  ): (item: DueWave | DueDigest, unitId: string | null) => ChatRecord[] {
    const office = bound.filter((c) => c.role === 'office');
    // Digests go to the leaders, the office and the supervising bodies.
    const readers = bound.filter((c) => c.role === 'leader' || c.role === 'supervisor');
    const byUnit = new Map<string, ChatRecord[]>();
    for (const c of bound)
      if (c.role === 'unit' && c.unitId) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
    const officeUnit = this.deps.planSet.organisation.officeUnitId;
    const none: ChatRecord[] = [];
    return (item, unitId) =>
      item.kind === 'digest'
        ? [...readers, ...office]
        : unitId === officeUnit
          ? office
          : (byUnit.get(unitId ?? '') ?? none);
  }

  /**
   * The units of a wave that the given chats speak for: found from the chats (a few) rather than by
   * walking the wave (a country's units).
   */
  private unitsAmong(unitIds: readonly string[], chats: ReadonlySet<string>): string[] {
    const officeUnit = this.deps.planSet.organisation.officeUnitId;
    const wanted = new Set<string>();
    for (const id of chats) {
      const chat = this.deps.chats.get(id);
      if (chat?.role === 'unit' && chat.unitId) wanted.add(chat.unitId);
      else if (chat?.role === 'office') wanted.add(officeUnit);
    }
    if (wanted.size > 64) return unitIds.filter((u) => wanted.has(u));
    return [...wanted].filter((u) => unitIds.includes(u));
  }

  /** The handled waves are now written for these bindings. */
  private serve(bound: readonly ChatRecord[]): void {
    this.served = new Map(bound.map((c) => [c.id, bindingOf(c)]));
    this.servedFor = this.deps.chats.revision;
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
