import { foldAligned } from './aligned';
import { statusOf } from './statusWords';
import type { StatusHit } from './statusWords';
import { SEPARATORS } from './words';

/* One item's status and result: the status cut out of the text as written, and what is left tidied. */

/** A label right before a status: "Kết quả: hoàn thành", "Tiến độ – đang thực hiện". */
const LABEL_BEFORE = /(?:ket qua|tien do|trang thai|tinh trang|muc do|danh gia)\s*[:=–-]?\s*\(?\s*$/;

/** What may stand between the task numbers and a status that comes first: "NV7 thì đang làm". */
const LEAD_IN = /^[\s:;,.=>(|–—-]*(?:(?:a|la|thanh|thi|da|cung|deu|van)[\s:,.]+)*[\s(]*$/;
/** What may follow a status that comes last: "… đã hoàn thành ạ.", "… (hoàn thành)". */
export const TAIL = /^[\s)]*(?:(?:a|nhe|nha|roi)[\s.!…]*)*[.!…;,]*\s*$/;

/** The status and result of the text of one item, `f[from, to)` (folded) / `o[from, to)` (original). */
export function readItem(o: string, f: string, from: number, to: number, hits: StatusHit[]) {
  const { status, unclear } = statusOf(hits);
  let result = o.slice(from, to);
  const first = hits[0];
  const last = hits.at(-1);
  // The status first ("hoàn thành – 2 hội nghị"), last ("… – đã hoàn thành"), or labelled ("Kết quả: …")
  // is cut out of the result; a status inside the sentence stays in it.
  const labelled = hits.find((h) => h.labelled && h.meaning === status);
  if (labelled?.figure) {
    // "tiến độ 50%": the figure is the result as much as the status.
  } else if (status && first && first.meaning === status && LEAD_IN.test(f.slice(from, first.start))) {
    // "Không phát sinh đơn thư khiếu nại" reads whole: what did not arise is the result.
    const whole = status === 'not_applicable' && /^\s*[a-z]/.test(f.slice(first.end, to));
    if (!whole) result = o.slice(first.end, to).replace(/^\s*\)/, '');
  } else if (labelled) {
    const label = LABEL_BEFORE.exec(f.slice(from, labelled.start));
    result = `${o.slice(from, label ? from + label.index : labelled.start)} ${o.slice(labelled.end, to)}`;
  } else if (status && last && last.meaning === status && TAIL.test(f.slice(last.end, to))) {
    const before = f.slice(from, last.start);
    const cut = LABEL_BEFORE.exec(before)?.index ?? /\(\s*$/.exec(before)?.index ?? before.length;
    result = o.slice(from, from + cut);
  }
  return { status, unclear, result: tidy(result) };
}

/** Polite words and joiners a result may end with once its status is cut out, as they are spelt. */
const PARTICLES: Record<string, readonly string[]> = {
  a: ['ạ', 'a'],
  nhe: ['nhé', 'nhe'],
  nha: ['nha', 'nhá'],
  roi: ['rồi', 'roi'],
  con: ['còn', 'con'],
  va: ['và', 'va'],
  nhung: ['nhưng', 'nhung'],
};

/**
 * Whether the word a tail match found in the folded text is that particle as written: "tờ rơi"
 * (leaflets) folds to "to roi" but is not "rồi", and "phát 500 to roi" without accents is leaflets too.
 */
function isParticle(out: string, tail: RegExpExecArray, offset = 0): boolean {
  const folded = tail[1] ?? '';
  const start = offset + tail.index + tail[0].indexOf(folded);
  const written = out.slice(start, start + folded.length).toLowerCase();
  if (!(PARTICLES[folded] ?? []).includes(written)) return false;
  return !(folded === 'roi' && /(?:^|\s)to\s+$/.test(foldAligned(out.slice(0, start))));
}

/** How much of a result's end `tidy` reads for a label or a polite word left there. */
const TIDY_TAIL = 48;

/** Trims separators, polite words, brackets and doubled punctuation left where a status was cut out. */
function tidy(s: string): string {
  let out = s.replace(/\(\s*\)/g, ' ').replace(/[ \t]{2,}/g, ' ');
  for (let i = 0, before = ''; i < 3 && out !== before; i++) {
    before = out;
    // Only the end of the result is looked at: fold just that.
    const from = Math.max(0, out.length - TIDY_TAIL);
    const label = /(?:ket qua|tien do|trang thai|tinh trang|muc do)\s*[:=–-]?\s*$/.exec(
      foldAligned(out.slice(from)).trimEnd(),
    );
    if (label && (label.index > 0 || from === 0)) out = out.slice(0, from + label.index);
    const at = Math.max(0, out.length - TIDY_TAIL);
    const tail = /(?:^|[\s,;])(a|nhe|nha|roi|con|va|nhung)[\s.!…]*$/.exec(foldAligned(out.slice(at)));
    if (tail && (tail.index > 0 || at === 0) && isParticle(out, tail, at))
      out = out.slice(0, at + tail.index);
    out = out.replace(/[\s:;,=>(|–—-]+$/, '').replace(/^\s*(?:ạ|a)(?=[\s:.,])/i, '');
    out = out.replace(SEPARATORS, '');
  }
  if (out.startsWith('(') && !out.includes(')')) out = out.slice(1);
  // A result that is all in brackets: "(tiếp 60 lượt công dân)".
  const bracketed = /^\(([^()]*)\)\.?$/.exec(out);
  if (bracketed) out = bracketed[1] ?? '';
  return out
    .replace(/\s+([.,;])(?=\s|$)/g, '$1')
    .replace(/[,;]\./g, '.')
    .replace(/\.{2}(?!\.)/g, '.')
    .replace(/^[.]\s*$/, '')
    .trim();
}

/** Where the first sentence of `f[from, to)` ends. */
export function sentenceEnd(f: string, from: number, to: number): number {
  const re = /[.?!](?=\s|$)|\?/g;
  re.lastIndex = from;
  const m = re.exec(f);
  return m && m.index < to ? m.index + 1 : to;
}
