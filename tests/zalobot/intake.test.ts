import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Acceptance, Incoming, IncomingHandler } from '../../src/channels/channel';
import { IncomingJournal, pendingIn } from '../../src/channels/journal';
import type { RawInbox } from '../../src/channels/module';
import { ZaloBotChannel } from '../../src/channels/zalobot/zalobot';
import type { HttpRoutes } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { FakeZaloBot, text } from '../helpers/fakeZaloBot';
import { tempDir } from '../helpers/tmp';

/**
 * The order in which the Zalo Bot channel hands messages to the bot when they wait in two places: kept
 * raw in the database (the bot refused them), and in the journal (the database refused the raw write).
 * The database and the bot are stand-ins here, each refusing when told, so that every interleaving is
 * the test's to choose; the platform is the local fake, the journal the real one.
 */
const TOKEN = '1414213562373095:ZaloBot-intake-token';

/** The `inbound` table as the channel sees it: rows in the order written, refusing writes when told. */
class MemoryInbox implements RawInbox {
  refusing = false;
  readonly rows = new Map<string, { message: Incoming; processed: boolean }>();

  keep(message: Incoming): Acceptance {
    if (this.refusing) return 'refused';
    if (!this.rows.has(message.dedupeKey)) this.rows.set(message.dedupeKey, { message, processed: false });
    return 'stored';
  }
  settle(message: Incoming): void {
    if (this.rows.get(message.dedupeKey)?.processed === false) this.rows.delete(message.dedupeKey);
  }
  unhandled(owns: (chatId: string) => boolean): Incoming[] {
    return [...this.rows.values()]
      .filter((r) => !r.processed && owns(r.message.chatId))
      .map((r) => r.message);
  }
  lastStored(): null {
    return null;
  }
}

/** The bot: stores a message once (known by its dedupe key), or refuses while the database does. */
class StandInBot {
  refusing = false;
  calls = 0;
  readonly handled: string[] = [];

  constructor(private readonly inbox: MemoryInbox) {}

  readonly handler: IncomingHandler = async (message) => {
    this.calls++;
    // A turn takes a moment, so that whatever could overtake it would.
    await new Promise((r) => setTimeout(r, 3));
    if (this.refusing) return 'refused';
    const row = this.inbox.rows.get(message.dedupeKey);
    if (row?.processed) return 'stored';
    this.inbox.rows.set(message.dedupeKey, { message, processed: true });
    this.handled.push(message.text);
    return 'stored';
  };
}

const noRoutes: HttpRoutes = {
  mount: () => {
    throw new Error('no route in polling mode');
  },
};

let channel: ZaloBotChannel | null = null;
let fake: FakeZaloBot | null = null;

afterEach(async () => {
  await channel?.stop();
  await fake?.stop();
  [channel, fake] = [null, null];
});

async function setUp(journalPath: string) {
  fake = new FakeZaloBot(TOKEN);
  const root = await fake.start();
  const inbox = new MemoryInbox();
  const bot = new StandInBot(inbox);
  const journal = new IncomingJournal({
    path: journalPath,
    logger: silentLogger,
    retry: { firstMs: 30, maxMs: 60 },
  });
  channel = new ZaloBotChannel({
    token: TOKEN,
    apiRoot: root,
    http: noRoutes,
    logger: silentLogger,
    inbox,
    journal,
    onDown: () => {
      throw new Error('the token was refused');
    },
    minPollGapMs: 20,
    retryDelayMs: 50,
    storagePauseMs: 40,
  });
  return { api: fake, inbox, bot, channel, journal };
}

const waitUntil = async (predicate: () => boolean, timeoutMs = 10_000) => {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the Zalo Bot channel hands what waits to the bot in the order it came', () => {
  it('kept messages the bot refused, then journaled ones, then new ones: each once, in order', async () => {
    const dir = tempDir();
    const path = join(dir, 'zalobot.ndjson');
    const { api, inbox, bot, channel: ch } = await setUp(path);
    await ch.start(bot.handler);

    // The database takes the raw write but not the bot's: A waits, kept.
    bot.refusing = true;
    api.push(text('A'));
    await waitUntil(() => bot.calls >= 1 && api.pending === 0);
    expect(inbox.unhandled(() => true).map((m) => m.text)).toEqual(['A']);
    // Now the raw write is refused too: B and C go to the journal, and fetching goes on.
    inbox.refusing = true;
    api.push(text('B'));
    api.push(text('C'));
    await waitUntil(() => api.pending === 0 && pendingIn(path).length === 2);
    expect(pendingIn(path).map((m) => m.text)).toEqual(['B', 'C']);
    // The raw write goes through again while the bot still refuses: D waits behind B and C, in the journal.
    inbox.refusing = false;
    api.push(text('D'));
    await waitUntil(() => api.pending === 0 && pendingIn(path).length === 3);
    expect(pendingIn(path).map((m) => m.text)).toEqual(['B', 'C', 'D']);
    expect(inbox.unhandled(() => true).map((m) => m.text)).toEqual(['A']);
    // The database recovers; E and F keep coming meanwhile.
    bot.refusing = false;
    for (const t of ['E', 'F']) api.push(text(t));
    await waitUntil(() => bot.handled.length === 6);
    await new Promise((r) => setTimeout(r, 150));
    expect(bot.handled).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(inbox.unhandled(() => true)).toEqual([]);
    expect(pendingIn(path)).toEqual([]);
    // And then the normal way: raw first, never through the journal.
    inbox.refusing = false;
    api.push(text('G'));
    await waitUntil(() => bot.handled.length === 7);
    expect(bot.handled.at(-1)).toBe('G');
    expect(pendingIn(path)).toEqual([]);
  });

  it('at start: what the last run kept, then what its journal holds, then what comes now', async () => {
    const dir = tempDir();
    const path = join(dir, 'zalobot.ndjson');
    const { api, inbox, bot, channel: ch } = await setUp(path);
    // The last run: A kept raw and never handled, B in its journal (the database refused it), then it died.
    const incoming = (t: string): Incoming => ({
      dedupeKey: `zalobot:old:${t}`,
      chatId: 'zalobot:old',
      chatKind: 'direct',
      chatTitle: null,
      sender: { id: 'old', name: null },
      text: t,
      kind: 'message',
      messageRef: t,
      replyTo: null,
      addressed: true,
      receivedAt: new Date(),
      sentAt: new Date(),
    });
    inbox.keep(incoming('A'));
    const last = new IncomingJournal({ path, logger: silentLogger });
    expect(last.add(incoming('B'))).not.toBeNull();
    await last.stop();
    expect(pendingIn(path).map((m) => m.text)).toEqual(['B']);

    // C is waiting on the platform as the bot starts.
    api.push(text('C'));
    await ch.start(bot.handler);
    await waitUntil(() => bot.handled.length === 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.handled).toEqual(['A', 'B', 'C']);
    expect(pendingIn(path)).toEqual([]);
  });

  it('holds the one message neither the database nor the journal takes, fetches nothing more, and goes on once one does', async () => {
    // A journal that cannot be written: its folder cannot exist.
    const { api, inbox, bot, channel: ch } = await setUp('/dev/null/journal/zalobot.ndjson');
    await ch.start(bot.handler);
    inbox.refusing = true;
    for (const t of ['A', 'B', 'C']) api.push(text(t));
    await waitUntil(() => api.pending === 2);
    const polls = api.count('getUpdates');
    await new Promise((r) => setTimeout(r, 300));
    // Fetched and held: nothing more is asked of the platform, which keeps B and C.
    expect(api.count('getUpdates')).toBe(polls);
    expect(api.pending).toBe(2);
    expect(bot.handled).toEqual([]);
    inbox.refusing = false;
    await waitUntil(() => bot.handled.length === 3);
    expect(bot.handled).toEqual(['A', 'B', 'C']);
  });
});
