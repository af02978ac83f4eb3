import { consoleChannel } from './console';
import type { ChannelFactory } from './module';
import { telegramChannel } from './telegram';
import { zaloChannel } from './zalo';
import { zaloBotChannel } from './zalobot';

/**
 * Every channel the bot can run, one line each. A new channel is a folder with an `index.ts` exporting
 * its `ChannelFactory`, and a line here. The console comes last: in `auto` it opens only when no channel
 * before it is on.
 */
export const channelRegistry: readonly ChannelFactory[] = [
  telegramChannel,
  zaloBotChannel,
  zaloChannel,
  consoleChannel,
];
