import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const schema = z.object({
  DATABASE_PATH: z.string().trim().min(1).default('./data/bot.sqlite'),
  /** NORMAL: every commit survives a crash of the process; FULL: also a power cut or an OS crash. */
  SQLITE_SYNCHRONOUS: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(['NORMAL', 'FULL']))
    .default('NORMAL'),
  /** Where Zalo and the console write each message before the bot sees it (default: beside the database). */
  JOURNAL_DIR: optionalText,
  PLANS_DIR: z.string().trim().min(1).default('./plans'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  CONSOLE: z.enum(['auto', 'on', 'off']).default('auto'),
  INVITE_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(72),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalText.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalText,
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8443),
  ZALO_SESSION_PATH: z.string().trim().min(1).default('./data/zalo-session.json'),
  ZALO_SEND_DELAY_MS: z.coerce.number().int().min(0).default(4000),
  ZALO_SEND_JITTER_MS: z.coerce.number().int().min(0).default(3000),
  OUTBOX_GRACE_HOURS: z.coerce.number().min(0).default(24),
  EXPORT_DIR: z.string().trim().min(1).default('./data/exports'),
  /** How many days of digest charts are kept under the export folder. */
  CHART_KEEP_DAYS: z.coerce.number().int().min(1).default(14),
  /** Where report documents are kept; by default `documents/` beside the database file. */
  DOCUMENTS_DIR: optionalText,
  DOCUMENT_MAX_MB: z.coerce.number().int().min(1).max(50).default(20),
  DOCUMENT_MAX_UNPACKED_MB: z.coerce.number().int().min(1).max(2000).default(100),
  DOCUMENT_MAX_PAGES: z.coerce.number().int().min(1).max(1000).default(50),
  DOCUMENT_READ_SECONDS: z.coerce.number().min(1).max(600).default(20),
});

export type Config = z.output<typeof schema>;

z.config(z.locales.vi());

export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from the environment once, at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ (biến môi trường):\n${lines.join('\n')}`, {
      cause: result.error,
    });
  }
  return result.data;
}
