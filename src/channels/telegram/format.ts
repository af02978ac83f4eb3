import { BOLD_END, BOLD_START, splitMessage } from '../../core/messages/format';

/** Telegram's limit is 4096 characters of visible text; a margin keeps us clear of counting quirks. */
export const TELEGRAM_TEXT_LIMIT = 4000;

/** Escapes text for Telegram's HTML parse mode; only `&`, `<` and `>` are special there. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Our message text as Telegram HTML: everything escaped, bold spans as `<b>`. */
export function toTelegramHtml(text: string): string {
  return escapeHtml(text).replaceAll(BOLD_START, '<b>').replaceAll(BOLD_END, '</b>');
}

/** The message split under the limit, each part rendered as valid HTML on its own. */
export function telegramParts(text: string): string[] {
  return splitMessage(text, TELEGRAM_TEXT_LIMIT).map(toTelegramHtml);
}
