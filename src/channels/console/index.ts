import type { ChannelFactory } from '../module';
import { ConsoleChannel } from './console';

/** A chat in the terminal: `CONSOLE=on`, or `auto` (the default) when no other channel is configured. */
export const consoleChannel: ChannelFactory = {
  name: 'console',
  fallback: true,
  enabled: (config, { others }) =>
    config.CONSOLE === 'on' || (config.CONSOLE === 'auto' && others.length === 0),
  create: async ({ terminal, journal, clock }) =>
    new ConsoleChannel({
      input: terminal.input,
      output: terminal.output,
      admin: terminal.admin,
      onClosed: terminal.onClosed,
      onHandled: terminal.onLine,
      // A line cannot be typed again by the platform: it is written to the journal before the bot sees it.
      journal: journal('console'),
      clock,
    }),
};
