import { StartupError } from './assemble';
import { ConfigError, loadConfig } from './config';
import { loadEnvFile } from './env';
import { createLogger } from './log';
import { startRuntime } from './runtime';

/** The entry point: configuration, the runtime, and shutdown on a signal or when the console closes. */
async function main(): Promise<number> {
  loadEnvFile();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // A promise someone forgot to await must not take the whole bot down with it: log it and go on.
  process.on('unhandledRejection', (err) => logger.error('unhandled rejection', { err }));
  // Listened for before start-up: a signal that comes while the bot starts stops it in order once started,
  // instead of killing it half-way. A second signal (Ctrl-C again) ends the process at once.
  let signalled = false;
  const signal = new Promise<string>((resolve) => {
    const on = (name: string) => () => {
      if (signalled) process.exit(130);
      signalled = true;
      resolve(name);
    };
    process.on('SIGINT', on('SIGINT'));
    process.on('SIGTERM', on('SIGTERM'));
  });
  const runtime = await startRuntime(config, { logger });
  const why = await Promise.race([runtime.finished.then(() => 'input closed'), signal]);
  logger.info('stopping', { why });
  await runtime.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof StartupError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`Fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exit(1);
  },
);
