import type { App } from './app';
import { createApp, StartupError } from './app';
import { Dispatcher } from './bot/dispatcher';
import { officeChats, queueToChats } from './bot/notify';
import { TerminalAdmin } from './bot/terminal';
import type { Channel } from './channels/channel';
import { ConsoleChannel } from './channels/console/console';
import { ChannelError } from './channels/errors';
import type { ZaloLogin } from './channels/zalo/surface';
import { ZaloChannel } from './channels/zalo/zalo';
import { zaloDownMessage } from './core/messages/zalo';
import { menuFor } from './bot/commands';
import type { Config } from './config';
import { deliveryFailedMessage } from './core/messages/help';
import type { Logger } from './log';
import type { SendLimits } from './scheduler/limiter';
import { Scheduler } from './scheduler/scheduler';
import { OutboxSender } from './scheduler/sender';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export interface RuntimeOptions {
  logger: Logger;
  clock?: () => Date;
  stdin?: Readable;
  stdout?: Writable;
  /** Called after each console line has been handled. */
  onConsoleLine?: () => void;
  /** Start the minute ticks of the scheduler (off in tests that tick by hand). */
  schedule?: boolean;
  /** How the Zalo channel logs in (tests stand a fake of zca-js here). */
  zaloLogin?: ZaloLogin;
  /** Telegram's time limits (tests shorten them). */
  telegramTiming?: { requestTimeoutMs?: number; restartDelayMs?: number; pollTimeoutMs?: number };
  /** The Zalo channel's own pacing and reconnect timing (tests shorten them). */
  zaloTiming?: Pick<ZaloChannelTiming, 'reconnect' | 'sendGapMs' | 'sendJitterMs'>;
}

type ZaloChannelTiming = ConstructorParameters<typeof ZaloChannel>[0];

export interface Runtime {
  app: App;
  scheduler: Scheduler;
  channels: Channel[];
  /** Resolves when the program should end on its own (the console's input closed). */
  finished: Promise<void>;
  /** Orderly shutdown: stop receiving, let senders finish the message in flight, close the database. */
  stop(): Promise<void>;
}

const UNLIMITED: SendLimits = {
  perSecond: 0,
  minIntervalMs: 0,
  perChatIntervalMs: 0,
  groupPerMinute: null,
  jitterMs: 0,
};
/** Telegram's published limits: about 30 messages a second, 1 a second per chat, 20 a minute per group. */
export const TELEGRAM_LIMITS: SendLimits = {
  perSecond: 30,
  minIntervalMs: 0,
  perChatIntervalMs: 1000,
  groupPerMinute: 20,
  jitterMs: 0,
};

/**
 * Zalo's limits are unpublished and strict: one message every few seconds with a wide random extra,
 * at most a few a minute to one group. Configurable; the defaults are conservative.
 */
export function zaloLimits(config: Pick<Config, 'ZALO_SEND_DELAY_MS' | 'ZALO_SEND_JITTER_MS'>): SendLimits {
  return {
    perSecond: 0,
    minIntervalMs: config.ZALO_SEND_DELAY_MS,
    perChatIntervalMs: config.ZALO_SEND_DELAY_MS,
    groupPerMinute: 6,
    jitterMs: config.ZALO_SEND_JITTER_MS,
  };
}

/** Starts the bot with the channels the configuration turns on. */
export async function startRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const app = createApp(config, { logger, clock: options.clock });
  const { deps } = app;
  const dispatcher = new Dispatcher(app.bot, deps.refs, logger, deps.clock, {
    // A reply the platform could not take now (network, rate limit) goes through the outbox, retried.
    requeue: (chatId, reply, key) => {
      const now = deps.clock();
      const { text, buttons, forceReply, replyTo, context } = reply;
      if (
        deps.outbox.enqueue(
          {
            dedupeKey: key,
            chatId,
            kind: 'reply',
            payload: { text, buttons, forceReply, replyTo, context },
            dueAt: now,
          },
          now,
        )
      )
        deps.wake();
    },
  });
  const channels: Channel[] = [];
  const senders: OutboxSender[] = [];
  const senderOf = new Map<Channel, OutboxSender>();
  /** Senders start together once every channel is up; a channel that comes online later starts its own. */
  let started = false;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const addSender = (channel: Channel, limits: SendLimits): OutboxSender => {
    const sender = new OutboxSender(channel, deps.outbox, deps.chats, deps.refs, logger, {
      limits,
      maxAttempts: 10,
      clock: deps.clock,
      // The chart libraries are loaded only when a digest with a chart is sent.
      drawChart: async (chart, key) =>
        (await import('./export/chart')).writeChart(chart, config.EXPORT_DIR, key),
      onGaveUp: (item, reason) => {
        const chat = deps.chats.get(item.chatId);
        const name = chat?.title ? `"${chat.title}"` : item.chatId;
        const key = reason === 'recipient_gone' ? `gave-up:${item.chatId}` : `gave-up:item:${item.id}`;
        queueToChats(
          deps,
          officeChats(deps),
          { key, kind: 'notice', payload: { text: deliveryFailedMessage(name, reason) } },
          deps.clock(),
          item.chatId,
        );
      },
    });
    app.onWake(() => sender.wake());
    senders.push(sender);
    senderOf.set(channel, sender);
    return sender;
  };

  if (config.TELEGRAM_BOT_TOKEN) {
    // Loaded only when configured: telegraf is a fair share of the resident memory.
    const { TelegramChannel } = await import('./channels/telegram/telegram');
    const telegram = new TelegramChannel({
      ...options.telegramTiming,
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      webhook: config.TELEGRAM_WEBHOOK_URL
        ? {
            url: config.TELEGRAM_WEBHOOK_URL,
            secret: config.TELEGRAM_WEBHOOK_SECRET ?? '',
            port: config.TELEGRAM_WEBHOOK_PORT,
          }
        : undefined,
      logger,
      menus: () => [
        { scope: { type: 'all_group_chats' }, commands: menuFor('unit') },
        { scope: { type: 'all_private_chats' }, commands: menuFor('unit') },
        ...deps.chats
          .allBound()
          .filter((c) => c.id.startsWith('telegram:') && c.role !== 'unit')
          .map((c) => ({
            scope: { type: 'chat' as const, chatId: c.id },
            commands: menuFor(c.role ?? 'office'),
          })),
      ],
      onChatMoved: (from, to) => {
        deps.chats.moveChat(from, to, deps.clock());
        deps.audit.write(deps.clock(), to, null, 'chat-moved', { from, to });
      },
    });
    try {
      await telegram.start(dispatcher.handlerFor(telegram));
    } catch (err) {
      if (err instanceof ChannelError && err.kind === 'auth')
        throw new StartupError(err.message, { cause: err });
      throw new StartupError(`Telegram: ${(err as Error).message}`, { cause: err });
    }
    channels.push(telegram);
    addSender(telegram, TELEGRAM_LIMITS);
  }

  let consoleSender: OutboxSender | null = null;
  const zaloOn = existsSync(config.ZALO_SESSION_PATH) || options.zaloLogin !== undefined;
  const wantConsole =
    config.CONSOLE === 'on' || (config.CONSOLE === 'auto' && !config.TELEGRAM_BOT_TOKEN && !zaloOn);
  if (wantConsole) {
    const consoleChannel = new ConsoleChannel({
      input: options.stdin ?? process.stdin,
      output: options.stdout ?? process.stdout,
      admin: new TerminalAdmin(deps),
      onClosed: () => finish(),
      onHandled: options.onConsoleLine,
    });
    channels.push(consoleChannel);
    consoleSender = addSender(consoleChannel, UNLIMITED);
    await consoleChannel.start(dispatcher.handlerFor(consoleChannel));
  }
  // Zalo turns on when a session has been saved (`npm run zalo:login`). It never stops start-up: an
  // expired session is told to the office once, and the other channels go on.
  // Started after the console, so a problem found at log-in reaches the office there too.
  if (zaloOn) {
    let zaloSender: OutboxSender | null = null;
    const zalo = new ZaloChannel({
      sessionPath: config.ZALO_SESSION_PATH,
      logger,
      login: options.zaloLogin,
      clock: deps.clock,
      sendGapMs: 1_000,
      sendJitterMs: 1_000,
      ...options.zaloTiming,
      onOnline: () => {
        if (started) zaloSender?.start();
      },
      onProblem: (problem) => {
        void zaloSender?.stop();
        const elsewhere = officeChats(deps).filter((c) => !c.id.startsWith('zalo:'));
        queueToChats(
          deps,
          elsewhere,
          {
            key: `zalo-down:${problem.incident}`,
            kind: 'notice',
            payload: { text: zaloDownMessage(problem.kind) },
          },
          deps.clock(),
        );
      },
    });
    channels.push(zalo);
    zaloSender = addSender(zalo, zaloLimits(config));
    await zalo.start(dispatcher.handlerFor(zalo));
  }

  for (const [channel, sender] of senderOf) {
    // A channel that is down (Zalo without a valid session) keeps its messages queued for later.
    if (!(channel instanceof ZaloChannel && channel.state === 'down')) sender.start();
  }
  started = true;
  const scheduler = new Scheduler(deps, logger, {
    graceMs: config.OUTBOX_GRACE_HOURS * 3_600_000,
    hasButtons: (chatId) => channels.some((c) => c.name === 'telegram') && chatId.startsWith('telegram:'),
  });
  if (options.schedule !== false) scheduler.start();
  logger.info('ready', { channels: channels.map((c) => c.name) });

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      scheduler.stop();
      dispatcher.stop();
      for (const c of channels)
        await c.stop().catch((err: unknown) => logger.warn('channel stop failed', { err }));
      await Promise.all(senders.map((s) => s.stop()));
      // What the console's last lines queued for other console chats is shown before exiting.
      await consoleSender?.drainOnce();
      app.close();
    })());
  return { app, scheduler, channels, finished, stop };
}
