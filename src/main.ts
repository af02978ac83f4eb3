import { createApp, StartupError } from './app';
import { Dispatcher } from './bot/dispatcher';
import { TerminalAdmin } from './bot/terminal';
import type { Channel } from './channels/channel';
import { ConsoleChannel } from './channels/console/console';
import { loadConfig } from './config';
import { createLogger } from './log';

/** The composition root: configuration, the app, its channels, and an orderly shutdown. */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const app = createApp(config, { logger });
  const dispatcher = new Dispatcher(app.bot, app.refs, logger, app.deps.clock);
  const channels: Channel[] = [];

  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  const useConsole = config.CONSOLE === 'on' || (config.CONSOLE === 'auto' && channels.length === 0);
  if (useConsole) {
    const consoleChannel = new ConsoleChannel({
      input: process.stdin,
      output: process.stdout,
      admin: new TerminalAdmin(app.deps),
      onClosed: () => finish(0),
    });
    await consoleChannel.start(dispatcher.handlerFor(consoleChannel));
    channels.push(consoleChannel);
  }
  logger.info('ready', { channels: channels.map((c) => c.name) });

  const stop = (signal: string) => {
    logger.info('stopping', { signal });
    finish(0);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  const code = await done;
  for (const c of channels)
    await c.stop().catch((err: unknown) => logger.warn('channel stop failed', { err }));
  app.close();
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (
      err instanceof StartupError ||
      (err instanceof Error && err.message.startsWith('Invalid configuration'))
    ) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`Fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exit(1);
  },
);
