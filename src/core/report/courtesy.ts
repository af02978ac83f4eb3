import { fold } from '../text/fold';
import type { ParsedReport } from './types';

/**
 * A message that carries no report and asks nothing, but is not gibberish either: what people send
 * around a report, one message at a time, as chat apps invite them to.
 * - `thanks`: "Em cảm ơn ạ", "cảm ơn bot nhé";
 * - `ack`: "ok em", "dạ vâng", "đã nhận", "👍";
 * - `greeting`: "Chào bot", "Em chào chị ạ";
 * - `opening`: the head of a report sent before its lines: "Dạ em gửi báo cáo năm 2026 ạ:", "Kính gửi
 *   Phòng Văn hóa – Xã hội", "Báo cáo 6 tháng cuối năm 2026".
 */
export type Courtesy = 'thanks' | 'ack' | 'greeting' | 'opening';

/** Words that may stand around a courtesy without changing it: who speaks to whom, polite particles. */
const AROUND =
  '(?:(?:da|vang|em|chung em|minh|toi|xin|rat|nhieu|a|nhe|nha|bot|ban|chi|anh|ca nha|moi nguoi|phong|dong chi|d\\/c|ak|ah|luon|lam)\\s+)*';
const TAIL =
  '(?:\\s+(?:da|em|chung em|minh|xin|rat|nhieu|a|nhe|nha|bot|ban|chi|anh|ca nha|moi nguoi|phong|dong chi|d\\/c|ak|ah|luon|lam|nhieu nhe))*';

const THANKS = new RegExp(`^${AROUND}(?:cam on|cam on nhieu|thank you|thanks|thank|tks|thanks you)${TAIL}$`);
const ACK = new RegExp(
  `^${AROUND}(?:ok|oke|okay|okie|oki|ok roi|vang|da vang|da|duoc|duoc roi|da ro|ro roi|da nhan|nhan duoc roi|nhat tri|dong y|chuan)${TAIL}$`,
);
const GREETING = new RegExp(
  `^${AROUND}(?:chao|xin chao|kinh chao|hello|hi|alo|alo alo)${TAIL}(?:\\s+buoi\\s+(?:sang|chieu|toi))?${TAIL}$`,
);
/** The head of a letter or of a report, its lines to follow: "Kính gửi …", "Em gửi báo cáo ạ". */
const OPENING =
  /^(?:(?:da|vang|em|chung em|minh|toi|xin|kinh)\s+)*(?:(?:chao|kinh chao)\s+\S+(?:\s+a)?\s*[,.]?\s*)?(?:kinh gui|gui|xin gui|em gui|xin phep gui|nop)\b/;

/** Emoji, stickers as text, punctuation: nothing to read. */
const ONLY_SYMBOLS = /^[\p{Extended_Pictographic}\p{Emoji_Component}\p{P}\p{S}\s]+$/u;

/**
 * Which courtesy a message is, or null when it is anything else (a report, a question, talk the bot
 * cannot read). `parsed` is the message read as a report: a courtesy has no task line, difficulty or
 * unreadable line; an opening may name the period (the header of the report to come).
 */
export function courtesyOf(text: string, parsed: ParsedReport): Courtesy | null {
  if (parsed.items.length > 0 || parsed.difficulties.length > 0 || parsed.proposals.length > 0) return null;
  if (parsed.unreadable.length > 0 || parsed.mentions.length > 0 || parsed.question) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 200) return null;
  if (ONLY_SYMBOLS.test(trimmed)) return 'ack';
  const f = fold(trimmed)
    .replace(/[\p{Extended_Pictographic}\p{Emoji_Component}]/gu, ' ')
    .replace(/[!.,…:;~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (parsed.looksLikeReport) return 'opening';
  if (THANKS.test(f)) return 'thanks';
  if (ACK.test(f)) return 'ack';
  if (GREETING.test(f)) return 'greeting';
  if (OPENING.test(f) && f.split(' ').length <= 16) return 'opening';
  return null;
}
