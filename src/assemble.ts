import { dirname, join, resolve } from 'node:path';
import { Bot } from './bot/bot';
import type { BotDeps } from './bot/deps';
import { ChannelDirectory } from './channels/directory';
import type { Config } from './config';
import { wardCalendar } from './core/calendar';
import { UnitMatcher } from './core/plan/match';
import { Responsibility } from './core/plan/responsibility';
import type { PlanSet } from './core/plan/types';
import type { Logger } from './log';
import { planSetFingerprint } from './plans/cache';
import { AuditLog } from './storage/audit';
import { ChatStore } from './storage/chats';
import { openDatabase } from './storage/db';
import { DifficultyStore } from './storage/difficulties';
import { AlbumStore } from './storage/albums';
import { DocumentStore } from './storage/documents';
import { DEFAULT_INSPECT_LIMITS } from './documents/inspect';
import { FileStore } from './documents/store';
import { InboundStore } from './storage/inbound';
import { InviteStore } from './storage/invites';
import { MessageRefStore } from './storage/messageRefs';
import { WebAccessStore } from './storage/web';
import { MetaStore } from './storage/meta';
import { OutboxStore } from './storage/outbox';
import { PeriodStore } from './storage/periods';
import { ReportStore } from './storage/reports';
import { syncPlanSet } from './storage/sync';

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

export interface AppOptions {
  clock?: () => Date;
  logger: Logger;
}

/**
 * Builds the program around a loaded plan set: opens and migrates the database, syncs the plans into it
 * (unless this very plan set was synced by this build already), and wires the bot.
 */
export function assembleApp(config: Config, planSet: PlanSet, options: AppOptions): App {
  const clock = options.clock ?? (() => new Date());
  let db;
  try {
    db = openDatabase(config.DATABASE_PATH, { synchronous: config.SQLITE_SYNCHRONOUS });
  } catch (err) {
    throw new StartupError(
      `Không mở được cơ sở dữ liệu tại ${config.DATABASE_PATH}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const meta = new MetaStore(db);
  const fingerprint = planSetFingerprint(planSet);
  const synced = fingerprint !== null && meta.get('plans.synced') === fingerprint;
  const summary = synced ? { unchanged: 'all' } : syncPlanSet(db, planSet, clock());
  // Recorded after the sync's own commit: a crash in between only means syncing again, which changes nothing.
  if (!synced && fingerprint) meta.set('plans.synced', fingerprint);
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
    documents: new DocumentStore(db),
    albums: new AlbumStore(db),
    files: new FileStore(config.DOCUMENTS_DIR ?? join(dirname(config.DATABASE_PATH), 'documents')),
    invites: new InviteStore(db),
    outbox: new OutboxStore(db),
    refs: new MessageRefStore(db),
    web: new WebAccessStore(db),
    channels: new ChannelDirectory(),
    settings: {
      inviteTtlHours: config.INVITE_TTL_HOURS,
      exportDir: config.EXPORT_DIR,
      documents: {
        maxBytes: config.DOCUMENT_MAX_MB * 1024 * 1024,
        downloadTimeoutMs: 60_000,
        inspect: {
          ...DEFAULT_INSPECT_LIMITS,
          maxUnpackedBytes: config.DOCUMENT_MAX_UNPACKED_MB * 1024 * 1024,
          maxPages: config.DOCUMENT_MAX_PAGES,
          timeoutMs: config.DOCUMENT_READ_SECONDS * 1000,
        },
      },
      webUrl: null,
    },
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

/** Where the plan set is kept between starts: beside the database (none for an in-memory one). */
export function planCacheFile(config: Config): string | undefined {
  if (config.DATABASE_PATH === ':memory:') return undefined;
  return join(dirname(resolve(config.DATABASE_PATH)), 'plans.cache.json');
}
