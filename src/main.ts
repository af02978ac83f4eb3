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
  const runtime = await startRuntime(config, { logger });
  const signal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
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
