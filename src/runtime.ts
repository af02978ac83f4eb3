import type { App } from './app';
import { createApp, StartupError } from './app';
import { Dispatcher } from './bot/dispatcher';
import { officeChats, queueToChats } from './bot/notify';
import { TerminalAdmin } from './bot/terminal';
import type { Channel } from './channels/channel';
import { ConsoleChannel } from './channels/console/console';
import { ChannelError } from './channels/errors';
import { TelegramChannel } from './channels/telegram/telegram';
import { menuFor } from './bot/commands';
import type { Config } from './config';
import { deliveryFailedMessage } from './core/messages/help';
import type { Logger } from './log';
import type { SendLimits } from './scheduler/limiter';
import { Scheduler } from './scheduler/scheduler';
import { OutboxSender } from './scheduler/sender';
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
}

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

/** Starts the bot with the channels the configuration turns on. */
export async function startRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const app = createApp(config, { logger, clock: options.clock });
  const { deps } = app;
  const dispatcher = new Dispatcher(app.bot, deps.refs, logger, deps.clock);
  const channels: Channel[] = [];
  const senders: OutboxSender[] = [];
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const addSender = (channel: Channel, limits: SendLimits): OutboxSender => {
    const sender = new OutboxSender(channel, deps.outbox, deps.chats, deps.refs, logger, {
      limits,
      maxAttempts: 10,
      clock: deps.clock,
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
    return sender;
  };

  if (config.TELEGRAM_BOT_TOKEN) {
    const telegram = new TelegramChannel({
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
            commands: menuFor(c.role === 'leader' ? 'leader' : 'office'),
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
  const wantConsole = config.CONSOLE === 'on' || (config.CONSOLE === 'auto' && channels.length === 0);
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
  for (const s of senders) s.start();
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
      for (const c of channels)
        await c.stop().catch((err: unknown) => logger.warn('channel stop failed', { err }));
      await Promise.all(senders.map((s) => s.stop()));
      // What the console's last lines queued for other console chats is shown before exiting.
      await consoleSender?.drainOnce();
      app.close();
    })());
  return { app, scheduler, channels, finished, stop };
}
