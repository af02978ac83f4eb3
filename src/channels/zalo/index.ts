import { existsSync } from 'node:fs';
import { zaloDownMessage } from '../../core/messages/zalo';
import type { ChannelFactory } from '../module';
import type { ZaloOptions } from './zalo';

/** What tests may set: a fake of zca-js's login, and shorter pacing and reconnect waits. */
export type ZaloTuning = Partial<
  Pick<
    ZaloOptions,
    | 'login'
    | 'reconnect'
    | 'sendGapMs'
    | 'sendJitterMs'
    | 'reloginAfter'
    | 'saveEveryMs'
    | 'callTimeoutMs'
    | 'fileTimeoutMs'
  >
>;

const tuningOf = (tuning: Readonly<Record<string, unknown>>): ZaloTuning =>
  (tuning.zalo as ZaloTuning | undefined) ?? {};

/**
 * Zalo through a personal account (zca-js, unofficial). On whenever a session has been saved
 * (`npm run zalo:login`). It never stops start-up: an expired session is told to the office once, and the
 * other channels go on.
 */
export const zaloChannel: ChannelFactory = {
  name: 'zalo',
  enabled: (config, { tuning }) =>
    existsSync(config.ZALO_SESSION_PATH) || tuningOf(tuning).login !== undefined,
  async create({ config, logger, clock, events, tuning, journal, inbox }) {
    const { ZaloChannel, zaloLimits } = await import('./zalo');
    return new ZaloChannel({
      sessionPath: config.ZALO_SESSION_PATH,
      logger,
      clock,
      limits: zaloLimits({ delayMs: config.ZALO_SEND_DELAY_MS, jitterMs: config.ZALO_SEND_JITTER_MS }),
      sendGapMs: 1_000,
      sendJitterMs: 1_000,
      ...tuningOf(tuning),
      // Zalo never delivers a message twice: each is written to the journal before the bot sees it, and
      // what was missed while disconnected or stopped is asked for again from the last one stored.
      journal: journal('zalo'),
      lastStored: (kind) => inbox.lastStored(kind === 'group' ? 'zalo:g:' : 'zalo:u:'),
      onOnline: () => events.up(),
      onProblem: (problem) =>
        events.down({
          incident: `zalo-down:${problem.incident}`,
          notice: zaloDownMessage(problem.kind),
          advice: `Zalo (${problem.kind}: ${problem.detail}): run \`npm run zalo:login\`, scan the QR code with the bot's Zalo account, then restart.`,
        }),
    });
  },
};
