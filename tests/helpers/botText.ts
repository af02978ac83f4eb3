/**
 * Every text the bot sends, checked as it goes out in the tests: the bot addresses civil servants as
 * "anh/chị", never "bạn". The console and fake channels, the outbox and the conversation's own replies
 * call `checkBotText`; a test during which the bot said "bạn" fails (see tests/setup/botText.ts).
 */

/** "bạn" as a word, any case, with its accents (the unaccented "ban" is a board: "Ban Xây dựng Đảng"). */
const BAN = /(?<![\p{L}\p{M}])bạn(?![\p{L}\p{M}])/iu;

const offences: { where: string; text: string }[] = [];
let checked = 0;

export function checkBotText(text: string | null | undefined, where: string): void {
  if (!text) return;
  checked++;
  if (BAN.test(text.normalize('NFC'))) offences.push({ where, text: text.slice(0, 300) });
}

/** Texts checked so far in this test file. */
export function botTextsChecked(): number {
  return checked;
}

/** The offences since the last call, cleared. */
export function takeOffences(): { where: string; text: string }[] {
  return offences.splice(0);
}
