import type { ChannelFactory } from '../module';
import type { TelegramOptions } from './telegram';

/** What tests may set: shorter time limits. */
export type TelegramTuning = Partial<
  Pick<TelegramOptions, 'requestTimeoutMs' | 'restartDelayMs' | 'pollTimeoutMs' | 'refusedPauseMs'>
>;

/** Telegram through its Bot API: on when `TELEGRAM_BOT_TOKEN` is set; a webhook with `TELEGRAM_WEBHOOK_URL`. */
export const telegramChannel: ChannelFactory = {
  name: 'telegram',
  enabled: (config) => config.TELEGRAM_BOT_TOKEN !== undefined,
  async create({ config, logger, clock, http, events, menus, tuning }) {
    // Loaded only when configured: telegraf is a fair share of the resident memory.
    const { TelegramChannel } = await import('./telegram');
    const token = config.TELEGRAM_BOT_TOKEN ?? '';
    const url = config.TELEGRAM_WEBHOOK_URL;
    const channel: InstanceType<typeof TelegramChannel> = new TelegramChannel({
      ...(tuning.telegram as TelegramTuning | undefined),
      token,
      apiRoot: config.TELEGRAM_API_ROOT,
      // The configuration requires the secret whenever the URL is set.
      webhook: url ? { url, secret: config.TELEGRAM_WEBHOOK_SECRET ?? '', http } : undefined,
      logger,
      clock,
      menus: () => menus((chatId) => channel.owns(chatId)),
      onChatMoved: (from, to) => events.chatMoved(from, to),
    });
    return channel;
  },
};
