import type { App } from './assemble';
import { assembleApp, planCacheFile, StartupError } from './assemble';
import { menuFor } from './bot/commands';
import type { BotDeps } from './bot/deps';
import { Dispatcher } from './bot/dispatcher';
import { rebindMovedChat, requeueReply, tellChannelDown, tellGaveUp } from './bot/notify';
import { TerminalAdmin } from './bot/terminal';
import type { Channel, ChatId, IncomingHandler } from './channels/channel';
import type {
  ChannelContext,
  ChannelFactory,
  ChannelTuning,
  CommandMenu,
  RawInbox,
  TerminalIO,
} from './channels/module';
import { channelRegistry } from './channels/registry';
import type { Config } from './config';
import { ALBUM_HELD_MAX_MS } from './core/documents';
import { noWorkingChannelMessage } from './core/messages/channels';
import { HttpServer } from './http/server';
import type { PlanSet } from './core/plan/types';
import { keptPlanSet, readPlanSources } from './plans/cache';
import type { Logger } from './log';
import type { WebOptions } from './web/app';
import { Scheduler } from './scheduler/scheduler';
import { OutboxSender } from './scheduler/sender';
import { isStorageFailure } from './storage/db';
import type { Readable, Writable } from 'node:stream';
import { dirname, join } from 'node:path';
import { IncomingJournal } from './channels/journal';

export interface RuntimeOptions {
  logger: Logger;
  clock?: () => Date;
  stdin?: Readable;
  stdout?: Writable;
  /** Called after each console line has been handled. */
  onConsoleLine?: () => void;
  /** Start the minute ticks of the scheduler (off in tests that tick by hand). */
  schedule?: boolean;
  /** Test knobs by channel name (a fake Zalo login, shorter Telegram timeouts), read by each channel. */
  tuning?: ChannelTuning;
  /** The channels to choose from (default: the registry). */
  registry?: readonly ChannelFactory[];
  /** Test knobs of the web page: how often the overview asks for news, the sign-in attempts allowed. */
  web?: Pick<WebOptions, 'pollMs' | 'attempts'>;
  /**
   * While the database refuses writes: how long messages are refused before it is tried again, and how
   * soon a journal hands a refused message over again (first and longest waits; tests shorten them).
   */
  storageBackoff?: { firstMs: number; maxMs: number };
}

export interface Runtime {
  app: App;
  scheduler: Scheduler;
  channels: Channel[];
  /** The shared HTTP server (listening only when something is mounted on it). */
  http: HttpServer;
  /** Whether a channel works: false means nobody can reach the bot until an administrator acts. */
  working: boolean;
  /** Resolves when the program should end on its own (the console's input closed). */
  finished: Promise<void>;
  /** Orderly shutdown: stop receiving, let senders finish the message in flight, close the database. */
  stop(): Promise<void>;
}

/**
 * Starts the bot: the app, the channels the configuration turns on (each with its outbox sender), the
 * shared HTTP server, and the scheduler.
 */
export async function startRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const app = assembleApp(config, await loadPlans(config), { logger, clock: options.clock });
  const { deps } = app;
  const http = new HttpServer({ host: config.HTTP_HOST, port: config.HTTP_PORT, logger });
  const dispatcher = new Dispatcher(app.bot, deps.refs, logger, deps.clock, {
    requeue: (chatId, reply, key) => requeueReply(deps, chatId, reply, key),
    backoff: options.storageBackoff,
  });
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const terminal: TerminalIO = {
    input: options.stdin ?? process.stdin,
    output: options.stdout ?? process.stdout,
    admin: new TerminalAdmin(deps),
    onClosed: () => finish(),
    onLine: options.onConsoleLine,
  };
  const running = new RunningChannels(config, app, logger, terminal, http, options.tuning ?? {}, {
    dispatcher,
    storageBackoff: options.storageBackoff,
  });

  const registry = options.registry ?? channelRegistry;
  for (const factory of chooseChannels(registry, config, options.tuning ?? {})) await running.create(factory);
  if (config.WEB === 'on') await serveWebPage(http, config, app, logger, options.web ?? {});
  const handlerFor = (channel: Channel) => dispatcher.handlerFor(channel);
  try {
    if (http.hasRoutes) await listen(http, config);
    for (const channel of running.channels) await channel.start(handlerFor(channel));
  } catch (err) {
    await http.stop();
    app.close();
    throw err instanceof StartupError ? err : new StartupError((err as Error).message, { cause: err });
  }
  const working = await running.ensureAWayIn(registry, handlerFor);
  running.startSenders();
  // Album pages held when the last run stopped, whose album became a report meanwhile, are taken in.
  void dispatcher.takeHeldAlbumMembers(
    running.channels,
    new Date(deps.clock().getTime() - ALBUM_HELD_MAX_MS),
  );
  const scheduler = new Scheduler(deps, logger, { graceMs: config.OUTBOX_GRACE_HOURS * 3_600_000 });
  if (options.schedule !== false)
    void scheduler.start().catch((err: unknown) => logger.error('scheduler did not start', { err }));
  if (working) logger.info('ready', { channels: running.channels.filter((c) => !c.down).map((c) => c.name) });

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      scheduler.stop();
      dispatcher.stop();
      await http.stop();
      await running.stopChannels();
      // The message in flight is handled and answered before the senders stop and the database closes.
      await dispatcher.idle();
      await running.stopSenders();
      app.close();
    })());
  return { app, scheduler, channels: running.channels, http, working, finished, stop };
}

/**
 * The office's web page on the shared server, and its address for the links `/web` sends: WEB_PUBLIC_URL
 * behind the ward's reverse proxy, else this machine's own server (its port known once it listens).
 */
async function serveWebPage(
  http: HttpServer,
  config: Config,
  app: App,
  logger: Logger,
  knobs: Pick<WebOptions, 'pollMs' | 'attempts'>,
): Promise<void> {
  // Loaded only when the page is served.
  const { mountWeb } = await import('./web/app');
  const publicUrl = config.WEB_PUBLIC_URL?.replace(/\/+$/, '') ?? null;
  mountWeb(http, {
    deps: app.deps,
    bot: app.bot,
    logger,
    secure: publicUrl?.startsWith('https:') ?? false,
    publicOrigin: publicUrl ? new URL(publicUrl).origin : null,
    ...knobs,
  });
  app.deps.settings.webUrl = () => publicUrl ?? `http://127.0.0.1:${http.port ?? config.HTTP_PORT}`;
}

/**
 * The plan set: the one kept from the last start when the files and the program are the same, else built
 * from the files now (their YAML parser and schema are loaded only then).
 */
async function loadPlans(config: Config): Promise<PlanSet> {
  const cacheFile = planCacheFile(config);
  const read = readPlanSources(config.PLANS_DIR);
  const kept = read.ok ? keptPlanSet(read.sources, cacheFile) : null;
  if (kept) return kept;
  const [{ loadPlanDir }, { formatPlanProblems }] = await Promise.all([
    import('./plans/load'),
    import('./core/plan/build'),
  ]);
  const loaded = loadPlanDir(config.PLANS_DIR, cacheFile);
  if (!loaded.ok) throw new StartupError(formatPlanProblems(loaded.problems));
  return loaded.planSet;
}

/** The shared server listens; a port it cannot have stops start-up with a message that says which. */
async function listen(http: HttpServer, config: Config): Promise<void> {
  try {
    await http.start();
  } catch (err) {
    throw new StartupError(
      `Không mở được cổng HTTP ${config.HTTP_HOST}:${config.HTTP_PORT} (HTTP_PORT, HTTP_HOST): ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/** The channels the configuration turns on, in the registry's order. */
function chooseChannels(
  registry: readonly ChannelFactory[],
  config: Config,
  tuning: ChannelTuning,
): ChannelFactory[] {
  const on: ChannelFactory[] = [];
  for (const factory of registry)
    if (factory.enabled(config, { others: on.map((f) => f.name), tuning })) on.push(factory);
  return on;
}

/** The channels of this run, each with its outbox sender, and what they told the bot about themselves. */
class RunningChannels {
  readonly channels: Channel[] = [];
  /** Channels that stopped and need a person, with what to do. */
  readonly problems: { name: string; advice: string; incident: string; notice: string; channel: Channel }[] =
    [];
  private readonly senders = new Map<Channel, OutboxSender>();
  private sendersStarted = false;

  private readonly deps: BotDeps;

  constructor(
    private readonly config: Config,
    private readonly app: App,
    private readonly logger: Logger,
    private readonly terminal: TerminalIO,
    private readonly http: HttpServer,
    private readonly tuning: ChannelTuning,
    private readonly durability: {
      dispatcher: Dispatcher;
      storageBackoff?: { firstMs: number; maxMs: number };
    },
  ) {
    this.deps = app.deps;
  }

  has(name: string): boolean {
    return this.channels.some((c) => c.name === name);
  }

  async create(factory: ChannelFactory): Promise<Channel> {
    const { deps, logger } = this;
    // The channel exists only once `create` returns; its events arrive later, through this reference.
    const self: { channel: Channel | null } = { channel: null };
    const context: ChannelContext = {
      config: this.config,
      logger,
      clock: deps.clock,
      http: this.http,
      inbox: rawInbox(deps),
      journal: (name) =>
        new IncomingJournal({
          path: join(
            this.config.JOURNAL_DIR ?? join(dirname(this.config.DATABASE_PATH), 'journal'),
            `${name}.ndjson`,
          ),
          logger,
          retry: this.durability.storageBackoff,
        }),
      menus: (owns) => commandMenus(deps, owns),
      terminal: this.terminal,
      tuning: this.tuning,
      events: {
        down: (problem) => {
          const channel = self.channel;
          logger.error(`${factory.name} channel stopped; ${problem.advice}`, { incident: problem.incident });
          if (!channel) return;
          this.problems.push({ name: factory.name, ...problem, channel });
          void this.senders.get(channel)?.stop();
          tellChannelDown(deps, channel, problem.incident, problem.notice);
        },
        up: () => {
          const channel = self.channel;
          if (channel && this.sendersStarted) this.senders.get(channel)?.start();
        },
        chatMoved: (from, to) => rebindMovedChat(deps, from, to),
      },
    };
    const channel = await factory.create(context);
    self.channel = channel;
    this.channels.push(channel);
    deps.channels.add(channel);
    const sender = new OutboxSender(channel, deps.outbox, deps.chats, deps.refs, logger, {
      limits: channel.limits,
      maxAttempts: 10,
      clock: deps.clock,
      // The chart libraries are loaded only when a digest with a chart is sent.
      drawChart: async (chart, key) =>
        (await import('./export/chart')).writeChart(
          chart,
          this.config.EXPORT_DIR,
          key,
          this.config.CHART_KEEP_DAYS,
        ),
      // Files a crash kept from being made are made again by handling their message anew.
      remakeFiles: (item) => this.durability.dispatcher.remakeFiles(item, channel),
      onGaveUp: (item, reason) => tellGaveUp(deps, item, reason),
    });
    this.senders.set(channel, sender);
    this.app.onWake(() => sender.wake());
    if (this.sendersStarted && !channel.down) sender.start();
    return channel;
  }

  /**
   * When no channel works, nobody can reach the bot: says so and what to do (and never "ready"), and with
   * a terminal attached opens the fallback channel (the console), whose office chat then hears of the
   * channels that stopped, as the others did. Returns whether a channel works now.
   */
  async ensureAWayIn(
    registry: readonly ChannelFactory[],
    handlerFor: (channel: Channel) => IncomingHandler,
  ): Promise<boolean> {
    if (this.channels.some((c) => !c.down)) return true;
    const fallback = registry.find((f) => f.fallback && !this.has(f.name));
    const opened = fallback !== undefined && Boolean((this.terminal.input as { isTTY?: boolean }).isTTY);
    this.logger.error(noWorkingChannelMessage(this.problems, opened));
    if (!fallback || !opened) return false;
    const channel = await this.create(fallback);
    await channel.start(handlerFor(channel));
    for (const p of this.problems) tellChannelDown(this.deps, p.channel, p.incident, p.notice);
    return true;
  }

  /** Senders start together once every channel is up; a channel that is down keeps its messages queued. */
  startSenders(): void {
    this.sendersStarted = true;
    for (const [channel, sender] of this.senders) if (!channel.down) sender.start();
  }

  async stopChannels(): Promise<void> {
    for (const channel of this.channels)
      await channel.stop().catch((err: unknown) => this.logger.warn('channel stop failed', { err }));
  }

  async stopSenders(): Promise<void> {
    await Promise.all([...this.senders.values()].map((s) => s.stop()));
    // What the console's last lines queued for other console chats is shown before exiting.
    for (const [channel, sender] of this.senders) if (channel.deliversAfterStop) await sender.drainOnce();
  }
}

/** Menus by audience: the units' menu in every group and direct chat, the office's and leaders' in theirs. */
function commandMenus(deps: BotDeps, owns: (chatId: ChatId) => boolean): CommandMenu[] {
  return [
    { scope: 'groups', commands: menuFor('unit') },
    { scope: 'direct', commands: menuFor('unit') },
    ...deps.chats
      .allBound()
      .filter((c) => owns(c.id) && c.role !== 'unit' && !c.gone)
      .map((c) => ({
        scope: { chatId: c.id },
        commands: menuFor(c.role ?? 'office'),
      })),
  ];
}

/** The raw log of the `inbound` table, for channels whose platform hands an update over only once. */
function rawInbox(deps: BotDeps): RawInbox {
  return {
    keep(message) {
      try {
        deps.inbound.keep(message);
        return 'stored';
      } catch (err) {
        if (isStorageFailure(err)) return 'refused';
        throw err;
      }
    },
    settle(message) {
      try {
        deps.inbound.forgetUnprocessed(message.dedupeKey);
      } catch (err) {
        if (!isStorageFailure(err)) throw err;
      }
    },
    unhandled: (owns) => deps.inbound.unhandled().filter((m) => owns(m.chatId)),
    lastStored(prefix) {
      try {
        return deps.inbound.lastStored(prefix);
      } catch (err) {
        if (isStorageFailure(err)) return null;
        throw err;
      }
    },
  };
}
