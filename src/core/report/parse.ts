import { periodRefOfHeader } from './header';
import { statusAtStart, statusFromWords } from './statusWords';
import type { ParsedItem, ParsedReport, TaskStatus, UnreadableLine } from './types';

export { parsePeriodRef } from './periodRef';

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069\uE000\uE001]/g;
const MAX_LINE = 4000;

/**
 * Folds each character to its base letter in lower case, keeping the string's length, so a match in
 * the folded line can be cut out of the original line with the same indices.
 */
function foldAligned(s: string): string {
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

const MARKER = /^(?:[-+*•·●▪►–—>]+\s*|\d{1,2}[.)]\s+|[a-h][.)]\s+|\(\d{1,2}\)\s*)/;
const REF = /^(?:nv|n\.v\.?|nvu|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*0*([1-9]\d?)(?!\d)/;
const MORE_REF =
  /^\s*(?:[,;&+/–-]|va\b)?\s*(?:nv|n\.v\.?|nhiem\s*vu)\s*(?:so\s*)?[.#-]?\s*0*([1-9]\d?)(?!\d)/;
const MORE_BARE = /^\s*(?:[&+/]|va\b)\s*0*([1-9]\d?)(?!\d)(?=\s*(?:[:.,;=>–—-]|$))/;
const TASK_LIKE = /^(?:nv|nhiem\s*vu)(?![a-z])/;
const WORD_NUMBER = /^(?:nv|nhiem\s*vu)\s*(?:so\s*)?(?:mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)(?![a-z])/;
const DIFFICULTY =
  /^(?:cac\s+)?(?:kho\s*khan|vuong\s*mac|kien\s*nghi)(?:\s*(?:,|va|\/|&)\s*(?:kho\s*khan|vuong\s*mac|kien\s*nghi))*\s*(?:[:–—-]|$)\s*/;
const PROPOSAL =
  /^(?:de\s*xuat)(?:\s*(?:,|va|\/|&)\s*(?:kien\s*nghi|kho\s*khan|vuong\s*mac))*\s*(?:[:–—-]|$)\s*/;
const NONE =
  /^(?:khong|ko|k|khong co|khong co gi|chua co|khong co kho khan|khong co vuong mac|khong co de xuat)\s*[.!]?$/;
const CLOSING = /^(?:tran trong|xin cam on|cam on|thanks|tks|thank you)(?![a-z])/;
const SEPARATORS = /^[\s:;,.=>)–—-]+/;
const FIGURE = /\d[\d.,]*\s*%|\d[\d.,]*(?:\s+[\p{L}\p{M}][\p{L}\p{M}'’]*){1,2}/gu;

/** What a following line without a keyword continues: a task's result, or a difficulty or proposal. */
type Target =
  | { kind: 'item'; item: ParsedItem }
  | { kind: 'difficulty' | 'proposal'; list: string[]; index: number | null }
  | null;

/** Figures written in a result, kept as written: "2 hội nghị", "150 lượt CBCC", "100%". */
export function figuresOf(result: string): string[] {
  return [...result.matchAll(FIGURE)].map((m) => m[0].trim()).filter((s) => /\d/.test(s));
}

/** Splits what follows the task numbers into a status and the result text. */
function readStatusAndResult(orig: string, folded: string): { status: TaskStatus | null; result: string } {
  let start = (SEPARATORS.exec(folded)?.[0].length ?? 0) + 0;
  let paren = false;
  if (folded[start] === '(') {
    paren = true;
    start++;
  }
  const words: string[] = [];
  const ends: number[] = [];
  const re = /[a-z0-9]+/y;
  let pos = start;
  while (words.length < 5) {
    while (folded[pos] === ' ') pos++;
    re.lastIndex = pos;
    const m = re.exec(folded);
    if (!m) break;
    words.push(m[0]);
    pos = re.lastIndex;
    ends.push(pos);
  }
  const found = statusAtStart(words);
  if (found) {
    let end = ends[found.length - 1] ?? start;
    if (paren && folded[end] === ')') end++;
    const rest = orig.slice(end);
    return { status: found.status, result: rest.replace(SEPARATORS, '').trim() };
  }
  // The status may come last: "tổ chức 2 hội nghị – đã hoàn thành".
  const tail = /[,;.(–—-]\s*\(?\s*([a-z ]{2,30}?)\s*\)?\s*[.!]?\s*$/.exec(folded);
  if (tail && tail.index > start) {
    const status = statusFromWords((tail[1] ?? '').trim().split(/\s+/));
    if (status) return { status, result: orig.slice(start, tail.index).replace(SEPARATORS, '').trim() };
  }
  return { status: null, result: orig.slice(start).replace(SEPARATORS, '').trim() };
}

/**
 * Reads a unit's reply in the light structure the bot asks for: one line per task
 * (`NV3: đang thực hiện - tổ chức 2 hội nghị`), optional "Vướng mắc:" and "Đề xuất:" lines, and an
 * optional header naming the period. Accents, case, spacing and separators are free. Never throws.
 */
export function parseReport(text: string): ParsedReport {
  const report: ParsedReport = {
    period: null,
    items: [],
    difficulties: [],
    proposals: [],
    unreadable: [],
    looksLikeReport: false,
  };
  const lines = text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .split(/\r\n|\r|\n/);
  let target: Target = null;
  let seenContent = false;

  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.slice(0, MAX_LINE).trim();
    if (!line) return;
    const first = !seenContent;
    seenContent = true;
    let orig = line;
    let folded = foldAligned(line);
    const marker = MARKER.exec(folded);
    if (marker && marker[0].length < folded.length) {
      orig = orig.slice(marker[0].length);
      folded = folded.slice(marker[0].length);
    }

    const ref = REF.exec(folded);
    if (ref) {
      const codes = [`NV${Number(ref[1])}`];
      let pos = ref[0].length;
      for (;;) {
        const more = MORE_REF.exec(folded.slice(pos)) ?? MORE_BARE.exec(folded.slice(pos));
        if (!more) break;
        codes.push(`NV${Number(more[1])}`);
        pos += more[0].length;
      }
      const restFolded = folded.slice(pos);
      if (!restFolded.replace(SEPARATORS, '').trim()) {
        report.unreadable.push({ line: lineNo, text: line, reason: 'empty' });
        target = null;
        return;
      }
      const { status, result } = readStatusAndResult(orig.slice(pos), restFolded);
      const figures = figuresOf(result);
      let last: ParsedItem | null = null;
      for (const taskCode of [...new Set(codes)]) {
        last = { taskCode, status, result, figures, line: lineNo };
        report.items.push(last);
      }
      target = codes.length === 1 && last ? { kind: 'item', item: last } : null;
      return;
    }
    if (TASK_LIKE.test(folded)) {
      const reason: UnreadableLine['reason'] = WORD_NUMBER.test(folded)
        ? 'unknown_task_form'
        : 'no_task_number';
      report.unreadable.push({ line: lineNo, text: line, reason });
      target = null;
      return;
    }

    for (const [re, kind] of [
      [PROPOSAL, 'proposal'],
      [DIFFICULTY, 'difficulty'],
    ] as const) {
      const m = re.exec(folded);
      if (!m) continue;
      report.looksLikeReport = true;
      const list = kind === 'proposal' ? report.proposals : report.difficulties;
      const body = orig.slice(m[0].length).trim();
      if (body && NONE.test(foldAligned(body))) {
        target = null;
      } else if (body) {
        list.push(body);
        target = { kind, list, index: list.length - 1 };
      } else {
        // "Vướng mắc:" alone: the lines that follow are the difficulty.
        target = { kind, list, index: null };
      }
      return;
    }

    const header = periodRefOfHeader(folded, first);
    if (header !== undefined) {
      if (header) {
        report.period ??= header;
        report.looksLikeReport = true;
      }
      target = null;
      return;
    }

    if (CLOSING.test(folded)) {
      target = null;
      return;
    }
    // A line that carries on the previous task, difficulty or proposal.
    if (target?.kind === 'item') {
      const item = target.item;
      item.result = item.result ? `${item.result}\n${line}` : line;
      item.figures = figuresOf(item.result);
      if (item.status === null) {
        const again = readStatusAndResult(item.result, foldAligned(item.result));
        if (again.status) Object.assign(item, again, { figures: figuresOf(again.result) });
      }
    } else if (target && !(target.index === null && NONE.test(folded))) {
      if (target.index === null) {
        target.list.push(line);
        target.index = target.list.length - 1;
      } else {
        target.list[target.index] = `${target.list[target.index]}\n${line}`;
      }
    }
  });

  if (report.items.length > 0 || report.unreadable.length > 0) report.looksLikeReport = true;
  return report;
}
