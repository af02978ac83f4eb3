import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** Where the shared HTTP server listens when neither HTTP_PORT nor TELEGRAM_WEBHOOK_PORT says. */
export const DEFAULT_HTTP_PORT = 8080;

const port = z.coerce.number<string | undefined>().int().min(0).max(65535);

/** Telegram's rule for `secret_token`: 1–256 characters of A–Z, a–z, 0–9, `_` and `-`. */
const TELEGRAM_SECRET = /^[A-Za-z0-9_-]{1,256}$/;

const schema = z
  .object({
    DATABASE_PATH: z.string().trim().min(1).default('./data/bot.sqlite'),
    PLANS_DIR: z.string().trim().min(1).default('./plans'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    CONSOLE: z.enum(['auto', 'on', 'off']).default('auto'),
    INVITE_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(72),
    /** The one HTTP server (webhooks, later the office's web page): port and address it listens on. */
    HTTP_PORT: optionalText.pipe(port.optional()),
    HTTP_HOST: z.string().trim().min(1).default('127.0.0.1'),
    /** The bot's public address behind the ward's reverse proxy (https://…), for links and pictures. */
    WEB_PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** The office's web page on the shared server, signed in with a link from the chat (`/web`). */
    WEB: z.enum(['on', 'off']).default('off'),
    TELEGRAM_BOT_TOKEN: optionalText,
    TELEGRAM_API_ROOT: optionalText.pipe(z.url().optional()),
    TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url().optional()),
    TELEGRAM_WEBHOOK_SECRET: optionalText,
    /** The old name of HTTP_PORT, still read. */
    TELEGRAM_WEBHOOK_PORT: optionalText.pipe(port.optional()),
    ZALO_SESSION_PATH: z.string().trim().min(1).default('./data/zalo-session.json'),
    ZALO_SEND_DELAY_MS: z.coerce.number().int().min(0).default(4000),
    ZALO_SEND_JITTER_MS: z.coerce.number().int().min(0).default(3000),
    ZALO_BOT_TOKEN: optionalText,
    ZALO_BOT_API_ROOT: optionalText.pipe(z.url().optional()),
    ZALO_BOT_WEBHOOK_URL: optionalText.pipe(z.url().optional()),
    ZALO_BOT_WEBHOOK_SECRET: optionalText,
    OUTBOX_GRACE_HOURS: z.coerce.number().min(0).default(24),
    EXPORT_DIR: z.string().trim().min(1).default('./data/exports'),
  })
  .superRefine((c, ctx) => {
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
  })
  .transform(({ HTTP_PORT, TELEGRAM_WEBHOOK_PORT, ...rest }) => ({
    ...rest,
    HTTP_PORT: HTTP_PORT ?? TELEGRAM_WEBHOOK_PORT ?? DEFAULT_HTTP_PORT,
  }));

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
