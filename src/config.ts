import * as z from 'zod/mini';

/*
 * zod's smaller build: the configuration is read at every start, and the full build costs a tenth of the
 * start-up to load. (The plan files, read only when they changed, use the full one.)
 */

/** Text, trimmed; empty means not set. */
const optionalText = z.optional(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((s: string) => (s === '' ? undefined : s)),
  ),
);
const text = (fallback: string) => z._default(z.string().check(z.trim(), z.minLength(1)), fallback);
const optionalUrl = z.pipe(optionalText, z.optional(z.url()));

/** Where the shared HTTP server listens when neither HTTP_PORT nor TELEGRAM_WEBHOOK_PORT says. */
export const DEFAULT_HTTP_PORT = 8080;

const optionalPort = z.pipe(
  optionalText,
  z.optional(z.coerce.number<string | undefined>().check(z.int(), z.minimum(0), z.maximum(65535))),
);

/** Telegram's rule for `secret_token`: 1–256 characters of A–Z, a–z, 0–9, `_` and `-`. */
const TELEGRAM_SECRET = /^[A-Za-z0-9_-]{1,256}$/;

const variables = z.object({
  DATABASE_PATH: text('./data/bot.sqlite'),
  /** NORMAL: every commit survives a crash of the process; FULL: also a power cut or an OS crash. */
  SQLITE_SYNCHRONOUS: z._default(
    z.pipe(z.string().check(z.trim(), z.toUpperCase()), z.enum(['NORMAL', 'FULL'])),
    'NORMAL',
  ),
  /** Where Zalo and the console write each message before the bot sees it (default: beside the database). */
  JOURNAL_DIR: optionalText,
  PLANS_DIR: text('./plans'),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  CONSOLE: z._default(z.enum(['auto', 'on', 'off']), 'auto'),
  INVITE_TTL_HOURS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(24 * 90)), 72),
  /** The one HTTP server (webhooks, later the office's web page): port and address it listens on. */
  HTTP_PORT: optionalPort,
  HTTP_HOST: text('127.0.0.1'),
  /** The bot's public address behind the ward's reverse proxy (https://…), for links and pictures. */
  WEB_PUBLIC_URL: z.pipe(optionalText, z.optional(z.url({ protocol: /^https?$/ }))),
  /** The office's web page on the shared server, signed in with a link from the chat (`/web`). */
  WEB: z._default(z.enum(['on', 'off']), 'off'),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalText,
  /** The old name of HTTP_PORT, still read. */
  TELEGRAM_WEBHOOK_PORT: optionalPort,
  ZALO_SESSION_PATH: text('./data/zalo-session.json'),
  ZALO_SEND_DELAY_MS: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 4000),
  ZALO_SEND_JITTER_MS: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 3000),
  ZALO_BOT_TOKEN: optionalText,
  ZALO_BOT_API_ROOT: optionalUrl,
  ZALO_BOT_WEBHOOK_URL: optionalUrl,
  ZALO_BOT_WEBHOOK_SECRET: optionalText,
  OUTBOX_GRACE_HOURS: z._default(z.coerce.number().check(z.minimum(0)), 24),
  EXPORT_DIR: text('./data/exports'),
  /** How many days of digest charts are kept under the export folder. */
  CHART_KEEP_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 14),
  /** Where report documents are kept; by default `documents/` beside the database file. */
  DOCUMENTS_DIR: optionalText,
  DOCUMENT_MAX_MB: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 20),
  DOCUMENT_MAX_UNPACKED_MB: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(2000)), 100),
  DOCUMENT_MAX_PAGES: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 50),
  DOCUMENT_READ_SECONDS: z._default(z.coerce.number().check(z.minimum(1), z.maximum(600)), 20),
});

const schema = z.pipe(
  variables.check(
    z.superRefine((c, ctx) => {
      // Every webhook needs its secret: without one, anyone who finds the URL could speak for the platform.
      if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET)
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_WEBHOOK_SECRET'],
          message: 'bắt buộc khi có TELEGRAM_WEBHOOK_URL (required with TELEGRAM_WEBHOOK_URL)',
        });
      if (c.TELEGRAM_WEBHOOK_SECRET && !TELEGRAM_SECRET.test(c.TELEGRAM_WEBHOOK_SECRET))
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_WEBHOOK_SECRET'],
          message:
            'chỉ gồm A–Z, a–z, 0–9, "_" và "-", từ 1 đến 256 ký tự (Telegram: [A-Za-z0-9_-], 1–256 characters)',
        });
      if (c.ZALO_BOT_WEBHOOK_URL && !c.ZALO_BOT_WEBHOOK_SECRET)
        ctx.addIssue({
          code: 'custom',
          path: ['ZALO_BOT_WEBHOOK_SECRET'],
          message: 'bắt buộc khi có ZALO_BOT_WEBHOOK_URL (required with ZALO_BOT_WEBHOOK_URL)',
        });
      // 8–256 characters, the platform's rule; visible ASCII, since it travels in an HTTP header.
      const zaloSecret = c.ZALO_BOT_WEBHOOK_SECRET;
      if (zaloSecret !== undefined && !/^[\x21-\x7e]{8,256}$/.test(zaloSecret))
        ctx.addIssue({
          code: 'custom',
          path: ['ZALO_BOT_WEBHOOK_SECRET'],
          message:
            'dài từ 8 đến 256 ký tự không dấu, không khoảng trắng (Zalo Bot Platform: 8–256 characters; visible ASCII)',
        });
      if (
        c.HTTP_PORT !== undefined &&
        c.TELEGRAM_WEBHOOK_PORT !== undefined &&
        c.HTTP_PORT !== c.TELEGRAM_WEBHOOK_PORT
      )
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_WEBHOOK_PORT'],
          message: 'khác HTTP_PORT; chỉ cần đặt HTTP_PORT (differs from HTTP_PORT; set HTTP_PORT only)',
        });
    }),
  ),
  z.transform(({ HTTP_PORT, TELEGRAM_WEBHOOK_PORT, ...rest }: z.output<typeof variables>) => ({
    ...rest,
    HTTP_PORT: HTTP_PORT ?? TELEGRAM_WEBHOOK_PORT ?? DEFAULT_HTTP_PORT,
  })),
);

export type Config = z.output<typeof schema>;

z.config({ ...z.locales.vi(), jitless: true });

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
