/*
 * Folding that keeps a line's length: the reader matches on the folded line (no accents, lower case)
 * and cuts the same places out of the line as written.
 */

/**
 * Folds each character to its base letter in lower case, keeping the string's length, so a match in
 * the folded line can be cut out of the original line with the same indices.
 */
export function foldAligned(s: string): string {
  // Most lines of a report are short and mixed; ASCII runs need only lower-casing.
  if (ASCII.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

const ASCII = /^\p{ASCII}*$/u;
const folded = new Map<string, string>();

/** One character folded (cached: a report uses a few dozen distinct letters). */
function foldChar(ch: string): string {
  let f = folded.get(ch);
  if (f !== undefined) return f;
  f = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (f === 'đ' || f === 'Đ') f = 'd';
  f = f.toLowerCase();
  if (f.length !== ch.length) f = ch;
  if (folded.size < 10_000) folded.set(ch, f);
  return f;
}
