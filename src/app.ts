import { Bot } from './bot/bot';
import type { BotDeps } from './bot/deps';
import { ChannelDirectory } from './channels/directory';
import type { Config } from './config';
import { wardCalendar } from './core/calendar';
import { formatPlanProblems } from './core/plan/build';
import { UnitMatcher } from './core/plan/match';
import { Responsibility } from './core/plan/responsibility';
import type { Logger } from './log';
import { loadPlanDir } from './plans/load';
import { AuditLog } from './storage/audit';
import { ChatStore } from './storage/chats';
import { openDatabase } from './storage/db';
import { DifficultyStore } from './storage/difficulties';
import { InboundStore } from './storage/inbound';
import { InviteStore } from './storage/invites';
import { MessageRefStore } from './storage/messageRefs';
import { OutboxStore } from './storage/outbox';
import { PeriodStore } from './storage/periods';
import { ReportStore } from './storage/reports';
import { syncPlanSet } from './storage/sync';
import { WebAccessStore } from './storage/web';

/** Raised when start-up cannot go on (broken plan files, unusable database): the message says why. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface App {
  deps: BotDeps;
  bot: Bot;
  /** Senders register here to be woken when the bot queues messages. */
  onWake(listener: () => void): void;
  close(): void;
}

/**
 * Builds the program from its configuration: loads and validates the plan files (refusing to run
 * half-loaded), opens and migrates the database, syncs the plans into it, and wires the bot.
 */
export function createApp(config: Config, options: { clock?: () => Date; logger: Logger }): App {
  const clock = options.clock ?? (() => new Date());
  const loaded = loadPlanDir(config.PLANS_DIR);
  if (!loaded.ok) throw new StartupError(formatPlanProblems(loaded.problems));
  const planSet = loaded.planSet;

  let db;
  try {
    db = openDatabase(config.DATABASE_PATH);
  } catch (err) {
    throw new StartupError(
      `Không mở được cơ sở dữ liệu tại ${config.DATABASE_PATH}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const summary = syncPlanSet(db, planSet, clock());
  options.logger.info('plans loaded', {
    plans: planSet.plans.map((p) => p.number),
    units: planSet.organisation.units.length,
    ...summary,
  });

  const listeners: (() => void)[] = [];
  const deps: BotDeps = {
    db,
    planSet,
    responsibility: new Responsibility(planSet.organisation, planSet.plans),
    matcher: new UnitMatcher(planSet.organisation.units, planSet.organisation.ward.name),
    chats: new ChatStore(db),
    inbound: new InboundStore(db),
    audit: new AuditLog(db),
    periods: new PeriodStore(db, wardCalendar(planSet.organisation)),
    reports: new ReportStore(db),
    difficulties: new DifficultyStore(db),
    invites: new InviteStore(db),
    outbox: new OutboxStore(db),
    refs: new MessageRefStore(db),
    web: new WebAccessStore(db),
    channels: new ChannelDirectory(),
    settings: { inviteTtlHours: config.INVITE_TTL_HOURS, exportDir: config.EXPORT_DIR, webUrl: null },
    clock,
    wake: () => listeners.forEach((l) => l()),
  };
  return {
    deps,
    bot: new Bot(deps),
    onWake: (l) => listeners.push(l),
    close: () => db.$client.close(),
  };
}
