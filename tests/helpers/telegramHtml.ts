/**
 * What Telegram's Bot API would refuse in a message the bot sends, checked as the server does: HTML
 * parse mode (known tags, balanced, entities escaped), length after parsing, and button data.
 */

/** Checks a message as Telegram's HTML parse mode would: known tags, balanced, entities, length. */
export function telegramHtmlProblem(html: string): string | null {
  const allowed = new Set([
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'code',
    'pre',
    'a',
    'tg-spoiler',
    'blockquote',
  ]);
  const stack: string[] = [];
  let visible = '';
  const token = /<(\/?)([a-z-]+)(?:\s[^<>]*)?>|&(amp|lt|gt|quot|#\d+);|([<>&])|([^<>&]+)/g;
  for (const m of html.matchAll(token)) {
    const [, close, tag, entity, bad, text] = m;
    if (bad) return `unescaped "${bad}" at ${m.index}`;
    if (text !== undefined) visible += text;
    else if (entity) visible += entity === 'amp' ? '&' : entity === 'lt' ? '<' : entity === 'gt' ? '>' : '"';
    else if (tag) {
      if (!allowed.has(tag)) return `unsupported tag <${tag}>`;
      if (close) {
        if (stack.pop() !== tag) return `unbalanced </${tag}>`;
      } else stack.push(tag);
    }
  }
  if (stack.length > 0) return `unclosed <${stack.join('>, <')}>`;
  if (visible.length > 4096) return `too long: ${visible.length}`;
  if (visible.trim().length === 0) return 'empty message';
  return null;
}

/** Telegram takes 1–64 bytes of callback data per button, and a label that is not empty. */
export function buttonProblem(button: { text?: unknown; callback_data?: unknown }): string | null {
  const data = typeof button.callback_data === 'string' ? button.callback_data : '';
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes < 1 || bytes > 64) return `BUTTON_DATA_INVALID: ${bytes} bytes`;
  if (typeof button.text !== 'string' || button.text.trim() === '') return 'button label empty';
  return null;
}
