import type { ChannelFactory } from '../module';
import type { ZaloBotOptions } from './zalobot';

/** What tests may set: shorter waits. */
export type ZaloBotTuning = Partial<
  Pick<
    ZaloBotOptions,
    'requestTimeoutMs' | 'pollSeconds' | 'minPollGapMs' | 'retryDelayMs' | 'storagePauseMs'
  >
>;

/**
 * The official Zalo Bot Platform: on when `ZALO_BOT_TOKEN` is set (a bot made in Zalo Bot Creator); a
 * webhook with `ZALO_BOT_WEBHOOK_URL`, else long polling.
 */
export const zaloBotChannel: ChannelFactory = {
  name: 'zalobot',
  enabled: (config) => config.ZALO_BOT_TOKEN !== undefined,
  async create({ config, logger, clock, http, inbox, journal, events, tuning }) {
    const { ZaloBotChannel } = await import('./zalobot');
    const url = config.ZALO_BOT_WEBHOOK_URL;
    return new ZaloBotChannel({
      ...(tuning.zalobot as ZaloBotTuning | undefined),
      token: config.ZALO_BOT_TOKEN ?? '',
      apiRoot: config.ZALO_BOT_API_ROOT,
      // The configuration requires the secret whenever the URL is set.
      webhook: url ? { url, secret: config.ZALO_BOT_WEBHOOK_SECRET ?? '' } : undefined,
      http,
      publicUrl: config.WEB_PUBLIC_URL,
      logger,
      inbox,
      // The platform never hands a message over again: one the database refuses goes to the journal.
      journal: journal('zalobot'),
      clock,
      onDown: (problem) => events.down(problem),
    });
  },
};
