/**
 * A tiny markup for message text. Bold spans are wrapped in two private-use characters that users can
 * not send (incoming text is cleaned of them), so a channel can render them safely: Telegram as
 * `<b>`, others as plain text. Everything else in a message is literal text.
 */
export const BOLD_START = '\uE000';
export const BOLD_END = '\uE001';

/** Marks `text` as bold. Bold spans never cross a line break, so messages can be split at lines. */
export function bold(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `${BOLD_START}${clean(line)}${BOLD_END}` : line))
    .join('\n');
}

/** Removes our markup characters from text that came from a user. */
export function clean(text: string): string {
  return text.replace(/[\uE000\uE001]/g, '');
}

/** The text without markup. */
export function plain(text: string): string {
  return clean(text);
}

/**
 * Splits a message into parts of at most `limit` characters of visible text, at line breaks where
 * possible, so every part stays valid for its channel.
 */
export function splitMessage(text: string, limit: number): string[] {
  if (plain(text).length <= limit) return [text];
  const parts: string[] = [];
  let current = '';
  let currentLen = 0;
  const flush = () => {
    if (current) parts.push(current);
    current = '';
    currentLen = 0;
  };
  for (const line of text.split('\n')) {
    const pieces = splitLongLine(line, limit);
    for (const piece of pieces) {
      const len = plain(piece).length;
      if (current && currentLen + 1 + len > limit) flush();
      current = current ? `${current}\n${piece}` : piece;
      currentLen += (currentLen ? 1 : 0) + len;
    }
  }
  flush();
  return parts;
}

/** Cuts one over-long line into pieces, keeping each bold span balanced in every piece. */
function splitLongLine(line: string, limit: number): string[] {
  if (plain(line).length <= limit) return [line];
  const out: string[] = [];
  let piece = '';
  let len = 0;
  let inBold = false;
  for (const ch of line) {
    if (ch === BOLD_START) inBold = true;
    if (ch === BOLD_END) inBold = false;
    const visible = ch !== BOLD_START && ch !== BOLD_END;
    if (visible && len + ch.length > limit) {
      out.push(inBold ? `${piece}${BOLD_END}` : piece);
      piece = inBold ? BOLD_START : '';
      len = 0;
    }
    piece += ch;
    if (visible) len += ch.length;
  }
  if (piece && piece !== BOLD_START) out.push(piece);
  return out;
}
