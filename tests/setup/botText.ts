import { afterEach } from 'vitest';
import { Bot } from '../../src/bot/bot';
import { ConsoleChannel } from '../../src/channels/console/console';
import { OutboxStore } from '../../src/storage/outbox';
import { checkBotText, takeOffences } from '../helpers/botText';
import { FakeChannel } from '../helpers/fakeChannel';

/*
 * Checks everything the bot sends during any test, at the seams every message crosses: the replies of the
 * conversation (and its button acknowledgements), every message queued in the outbox (reminders, digests,
 * notices, answers), and what the console and fake channels deliver. The fake Telegram and Zalo servers
 * check what reaches them, and spawned bots' output is checked by their helper.
 */

type OutboxInput = Parameters<OutboxStore['enqueue']>[0];
const payloadTexts = (item: OutboxInput): string[] => [
  item.payload.text,
  ...(item.payload.buttons?.flat().map((b) => b.label) ?? []),
];

const handle = Bot.prototype.handle;
Bot.prototype.handle = function (this: Bot, ...args: Parameters<Bot['handle']>) {
  const response = handle.apply(this, args);
  for (const reply of response.replies) checkBotText(reply.text, 'reply');
  checkBotText(response.ack, 'button acknowledgement');
  return response;
};

const enqueue = OutboxStore.prototype.enqueue;
OutboxStore.prototype.enqueue = function (this: OutboxStore, ...args: Parameters<OutboxStore['enqueue']>) {
  for (const text of payloadTexts(args[0])) checkBotText(text, `outbox ${args[0].kind}`);
  return enqueue.apply(this, args);
};

const hold = OutboxStore.prototype.hold;
OutboxStore.prototype.hold = function (this: OutboxStore, ...args: Parameters<OutboxStore['hold']>) {
  for (const text of payloadTexts(args[0])) checkBotText(text, `outbox ${args[0].kind}`);
  return hold.apply(this, args);
};

const consoleSend = ConsoleChannel.prototype.send;
ConsoleChannel.prototype.send = function (this: ConsoleChannel, ...args: Parameters<ConsoleChannel['send']>) {
  checkBotText(args[1].text, 'console');
  return consoleSend.apply(this, args);
};
const consoleFile = ConsoleChannel.prototype.sendFile;
ConsoleChannel.prototype.sendFile = function (
  this: ConsoleChannel,
  ...args: Parameters<ConsoleChannel['sendFile']>
) {
  checkBotText(args[1].caption, 'console file');
  return consoleFile.apply(this, args);
};

const fakeSend = FakeChannel.prototype.send;
FakeChannel.prototype.send = function (this: FakeChannel, ...args: Parameters<FakeChannel['send']>) {
  checkBotText(args[1].text, `fake channel ${this.name}`);
  return fakeSend.apply(this, args);
};

afterEach(() => {
  const found = takeOffences();
  if (found.length > 0)
    throw new Error(
      `The bot said "bạn" (it addresses people as "anh/chị"):\n${found.map((o) => `  [${o.where}] ${o.text}`).join('\n')}`,
    );
});
