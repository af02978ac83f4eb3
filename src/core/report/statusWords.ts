import { withinOneEdit } from '../plan/match';
import type { TaskStatus } from './types';

/** What a phrase says: a status, or `unclear` ("không hoàn thành": not done, but not which status). */
type Meaning = TaskStatus | 'unclear';

interface Phrase {
  words: string[];
  meaning: Meaning;
  /** Yields to any other status in the same item ("giải quyết xong 15 đơn, đang thực hiện"). */
  weak?: boolean;
  /** Read only where a status stands on its own: first in the item, after "Kết quả:", in brackets, last. */
  placedOnly?: boolean;
  /** Read only as the last words of the item ("còn NV4 đang"): "đang" before anything is another word. */
  lastOnly?: boolean;
}

/** Status phrases as people write them, folded (no accents, lower case). */
const PHRASES: Phrase[] = [
  ...[
    'da hoan thanh',
    'hoan thanh',
    'da hoan tat',
    'hoan tat',
    'co ban hoan thanh',
    'da xong',
    'xong roi',
    'lam xong',
    'da lam xong',
    'da trien khai xong',
    'trien khai xong',
    'thuc hien xong',
    'da thuc hien xong',
    'da thuc hien',
    'da trien khai',
  ].map((p) => ({ words: p.split(' '), meaning: 'done' as const })),
  { words: ['xong'], meaning: 'done', weak: true },
  { words: ['da', 'lam'], meaning: 'done', placedOnly: true },
  { words: ['ht'], meaning: 'done', placedOnly: true },
  { words: ['done'], meaning: 'done', placedOnly: true },
  ...[
    'dang thuc hien',
    'dang trien khai',
    'dang tien hanh',
    'dang lam',
    'dang phoi hop',
    'dang phoi hop thuc hien',
    'dang xay dung',
    'dang hoan thien',
    'dang to chuc',
    'da va dang thuc hien',
    'da va dang trien khai',
    'dang va se thuc hien',
    'thuc hien thuong xuyen',
    'thuong xuyen thuc hien',
    'trien khai thuong xuyen',
    'tiep tuc thuc hien',
    'tiep tuc trien khai',
    'tiep tuc phoi hop',
    'dang tiep tuc',
    'chua hoan thanh',
    'chua xong',
    // A completion planned, aimed at or near is work in progress.
    'du kien hoan thanh',
    'phan dau hoan thanh',
    'se hoan thanh',
    'du kien xong',
    'du kien se xong',
    'se xong',
    'sap xong',
    'gan xong',
    'sap hoan thanh',
    'gan hoan thanh',
    'chua xong het',
    'dang giai quyet',
    'dang tiep nhan',
    'dang xu ly',
    'dang cap nhat',
    'dang tong hop',
    'dang ra soat',
    'dang chuan bi',
    'van dang lam',
    'con dang lam',
  ].map((p) => ({ words: p.split(' '), meaning: 'in_progress' as const })),
  { words: ['dth'], meaning: 'in_progress', placedOnly: true },
  { words: ['dang', 'th'], meaning: 'in_progress', placedOnly: true },
  // "còn NV4 đang": the rest of "đang thực hiện" left out, where a status stands on its own.
  { words: ['dang'], meaning: 'in_progress', placedOnly: true, lastOnly: true },
  ...[
    'chua thuc hien',
    'chua trien khai',
    'chua bat dau',
    'chua lam',
    'chua to chuc',
    'chua thuc hien duoc',
    'khong thuc hien duoc',
  ].map((p) => ({ words: p.split(' '), meaning: 'not_started' as const })),
  { words: ['chua', 'co', 'ket', 'qua'], meaning: 'not_started', weak: true },
  { words: ['chua', 'co'], meaning: 'not_started', placedOnly: true },
  { words: ['cth'], meaning: 'not_started', placedOnly: true },
  ...[
    'khong phat sinh',
    'chua phat sinh',
    'khong co phat sinh',
    'khong ap dung',
    'khong co don thu',
    'khong co don',
    'khong co vu viec',
  ].map((p) => ({
    words: p.split(' '),
    meaning: 'not_applicable' as const,
  })),
  { words: ['kps'], meaning: 'not_applicable', placedOnly: true },
  ...['khong hoan thanh', 'chua ro'].map((p) => ({ words: p.split(' '), meaning: 'unclear' as const })),
];

const BY_LENGTH = [...PHRASES].sort((a, b) => b.words.length - a.words.length);
/** The phrases by their first word, longest first: most words of a report start none. */
const BY_FIRST = new Map<string, Phrase[]>();
for (const phrase of BY_LENGTH) {
  const first = phrase.words[0] ?? '';
  BY_FIRST.set(first, [...(BY_FIRST.get(first) ?? []), phrase]);
}

/** Two words of a phrase typed without the space between them: "hoànthành", "đangthực". */
const JOINED = new Map<string, [string, string]>();
for (const { words } of PHRASES)
  for (let i = 0; i + 1 < words.length; i++) {
    const [a, b] = [words[i] ?? '', words[i + 1] ?? ''];
    if (a.length >= 2 && b.length >= 2) JOINED.set(a + b, [a, b]);
  }

/**
 * Words before a completion that make it an aim, not a result: "để hoàn thành", "phấn đấu…" is a phrase
 * of its own, "yêu cầu hoàn thành", "trước khi hoàn thành".
 */
const AIM = new Set([
  'de',
  'nham',
  'can',
  'phai',
  'yeu cau',
  'chi dao',
  'don doc',
  'dam bao',
  'muc tieu',
  'ke hoach',
  'khi',
  'neu',
]);

/** Words a few words before a completion, in the same clause, that make it planned: "dự kiến tháng 9 hoàn thành". */
const PLANNED = new Set(['du kien', 'phan dau', 'sap', 'se', 'muc tieu', 'doi', 'cho den khi', 'sau khi']);

/** Whether the words before token `i` (in the same clause) make a completion an aim. */
function aimBefore(folded: string, ws: readonly Token[], i: number): boolean {
  const p1 = ws[i - 1];
  const at = ws[i];
  if (!p1 || !at || /[.;:!?,()–—]|\s-\s/.test(folded.slice(p1.end, at.start))) return false;
  if (AIM.has(p1.word)) return true;
  const p2 = ws[i - 2];
  if (p2 && !/[.;:!?,()–—]|\s-\s/.test(folded.slice(p2.end, p1.start)) && AIM.has(`${p2.word} ${p1.word}`))
    return true;
  for (let k = i - 1; k >= Math.max(0, i - 6); k--) {
    const w = ws[k] as Token;
    const next = ws[k + 1] as Token;
    if (/[.;:!?,()–—]|\s-\s/.test(folded.slice(w.end, next.start))) break;
    const before = ws[k - 1];
    if (PLANNED.has(w.word) || (before && PLANNED.has(`${before.word} ${w.word}`))) return true;
    // "3 đơn chưa giải quyết xong": a completion denied a few words before.
    if (k >= i - 3 && (w.word === 'chua' || w.word === 'khong')) return true;
  }
  return false;
}

/**
 * Progress written as a figure: "tiến độ 100%" is done, "tiến độ 50%", "hoàn thành khoảng 70%" are in
 * progress. Other percentages ("tỷ lệ hài lòng 96%", "đạt 100% chỉ tiêu") say nothing of the task's status.
 */
const PROGRESS =
  /(?<![a-z])(?:tien\s*do(?:\s*(?:dat|thuc\s*hien))?|hoan\s*thanh)\s*[:=–-]?\s*(khoang|duoc|dat|tren|gan|hon)?\s*(\d{1,3})(?:[.,]\d+)?\s*%/g;

function progressHits(folded: string, from: number, to: number): StatusHit[] {
  const hits: StatusHit[] = [];
  const percent = folded.indexOf('%', from);
  if (percent < 0 || percent >= to) return hits;
  PROGRESS.lastIndex = from;
  for (let m = PROGRESS.exec(folded); m && m.index < to; m = PROGRESS.exec(folded)) {
    const n = Number(m[2]);
    const done = n >= 100 && (!m[1] || m[1] === 'dat' || m[1] === 'duoc');
    const end = m.index + m[0].length;
    if (end > to) break;
    hits.push({
      meaning: done ? 'done' : 'in_progress',
      start: m.index,
      end,
      weak: false,
      labelled: true,
      placed: true,
      figure: true,
    });
  }
  return hits;
}
/** Words that label a status: "Kết quả: hoàn thành", "Tiến độ: đang thực hiện". */
const LABEL = /(?:ket qua|tien do|trang thai|tinh trang|muc do|danh gia)\s*[:=–-]?\s*$/;

export interface Token {
  word: string;
  /** Character span in the folded text. */
  start: number;
  end: number;
}

/** "Không" as chat shortens it: "ko phát sinh", "k có", "hok làm được". */
const SHORT_NO = new Set(['ko', 'k', 'khg', 'hok', 'hk', 'hem']);

/** A vowel, then a Telex tone key: no Vietnamese word has s, f, r, x or j after a vowel. */
const TELEX_TONE = /(?<=[aeiouyw])[sfrxj]/g;

/**
 * A word typed in Telex with the input method off, as its letters: "hoafn" → "hoan", "thanhf" →
 * "thanh", "ddang" → "dang", "thuwcj" → "thuc", "hieejn" → "hien", "chuwa" → "chua". Any other word is
 * returned as it is. Tone keys count only after a vowel, so "xong", "trien" and "sau" are untouched.
 */
const telexSeen = new Map<string, string>();

export function telexFolded(word: string): string {
  const seen = telexSeen.get(word);
  if (seen !== undefined) return seen;
  const out = telexLetters(word);
  if (telexSeen.size < 20_000) telexSeen.set(word, out);
  return out;
}

function telexLetters(word: string): string {
  if (!/[aeiouyw][sfrxj]|[aeiouyw](?:c|ch|m|n|ng|nh|p|t)[sfrxj]$|dd|aa|ee|oo|w/.test(word) || /\d/.test(word))
    return word;
  return word
    .replace(TELEX_TONE, '')
    .replace(/(?<=[aeiouyw](?:c|ch|m|n|ng|nh|p|t))[sfrxj]$/, '')
    .replace(/^dd/, 'd')
    .replace(/aa|aw/g, 'a')
    .replace(/ee/g, 'e')
    .replace(/oo|ow/g, 'o')
    .replace(/uw|w/g, 'u');
}

/**
 * The words of a folded text with their places; joined status words are split apart, and a word typed
 * in Telex with the input method off is read as its letters.
 */
export function tokens(folded: string, from = 0, to = folded.length): Token[] {
  const out: Token[] = [];
  const re = /[a-z0-9]+/g;
  re.lastIndex = from;
  for (let m = re.exec(folded); m && m.index < to; m = re.exec(folded)) {
    const word = SHORT_NO.has(m[0]) ? 'khong' : telexFolded(m[0]);
    const start = m.index;
    const end = Math.min(start + m[0].length, to);
    const split = JOINED.get(word);
    if (split) {
      out.push({ word: split[0], start, end: start + split[0].length });
      out.push({ word: split[1], start: start + split[0].length, end });
    } else out.push({ word, start, end });
  }
  return out;
}

/** One status phrase found in an item. */
export interface StatusHit {
  meaning: Meaning;
  /** Character span of the phrase in the folded text. */
  start: number;
  end: number;
  weak: boolean;
  labelled: boolean;
  /** First in the item, after a label, in brackets, or last: where a status stands on its own. */
  placed: boolean;
  /** A figure that says the status ("tiến độ 50%"): it stays in the result. */
  figure?: boolean;
}

/** Exact, or (where a status stands on its own) one typo in a word of four letters or more. */
function wordIs(actual: string, expected: string, loose: boolean): 'exact' | 'typo' | null {
  if (actual === expected) return 'exact';
  if (!loose || expected.length < 4 || actual.length < 3) return null;
  return withinOneEdit(actual, expected) ? 'typo' : null;
}

function matchAt(ws: readonly Token[], i: number, phrase: Phrase, loose: boolean): boolean {
  if (i + phrase.words.length > ws.length) return false;
  let typos = 0;
  for (let k = 0; k < phrase.words.length; k++) {
    // A single word ("xong", "HT") must be exact: one letter off it is another word.
    const m = wordIs(ws[i + k]?.word ?? '', phrase.words[k] ?? '', loose && phrase.words.length > 1);
    if (!m) return false;
    if (m === 'typo') typos++;
  }
  return typos <= 1 && typos < phrase.words.length;
}

/**
 * Every status phrase in a stretch of folded text (an item after its task numbers), longest first at
 * each word. `folded[from, to)` is the item; brackets and separators around a phrase decide whether it
 * stands on its own.
 */
export function findStatuses(folded: string, from = 0, to = folded.length): StatusHit[] {
  const ws = tokens(folded, from, to);
  const hits: StatusHit[] = [];
  let i = 0;
  while (i < ws.length) {
    const first = ws[i] as Token;
    // Only the few characters before the word decide whether it stands on its own.
    const before = folded.slice(Math.max(from, first.start - 24), first.start);
    const labelled = LABEL.test(before);
    const opensBracket = /\(\s*$/.test(before);
    const atStart = i === 0 || labelled || opensBracket || /[;:(|–—-]\s*$/.test(before.slice(-3));
    let found: { phrase: Phrase; end: Token } | null = null;
    for (const phrase of BY_FIRST.get(first.word) ?? []) {
      if (matchAt(ws, i, phrase, false)) {
        found = { phrase, end: ws[i + phrase.words.length - 1] as Token };
        break;
      }
    }
    // One typo is forgiven only where a status stands on its own; "đang thực hein" is more than "đang".
    if ((!found || found.phrase.words.length === 1) && atStart) {
      for (const phrase of BY_LENGTH) {
        if (found && phrase.words.length <= found.phrase.words.length) break;
        if (matchAt(ws, i, phrase, true)) {
          found = { phrase, end: ws[i + phrase.words.length - 1] as Token };
          break;
        }
      }
    }
    if (!found) {
      i++;
      continue;
    }
    const after = folded.slice(found.end.end, to);
    const atEnd =
      /^[\s.!)…]*$/.test(after) ||
      /^\s*\)/.test(after) ||
      /^\s*[;,]?\s*$/.test(after) ||
      /^(?:\s+(?:a|nhe|nha|roi|chi|anh|em|a chi|a anh))+[\s.!…]*$/.test(after);
    const placed = atStart || atEnd;
    const aim = found.phrase.meaning === 'done' && aimBefore(folded, ws, i);
    const typo = !found.phrase.words.every((w, k) => ws[i + k]?.word === w);
    if (
      (!found.phrase.placedOnly || placed) &&
      (!found.phrase.lastOnly || atEnd) &&
      !aim &&
      (!typo || placed)
    ) {
      hits.push({
        meaning: found.phrase.meaning,
        start: first.start,
        end: found.end.end,
        weak: Boolean(found.phrase.weak) && !placed,
        labelled,
        placed,
      });
    }
    i += found.phrase.words.length;
  }
  const progress = progressHits(folded, from, to);
  if (progress.length === 0 && hits.length < 2) return hits;
  const all = [
    ...hits.filter((h) => !progress.some((p) => h.start < p.end && p.start < h.end)),
    ...progress,
  ].sort((a, b) => a.start - b.start);
  // "sửa từ hoàn thành thành đang thực hiện": the status it was changed from is not the status.
  return all.filter((h, k) => {
    const next = all[k + 1];
    return !(
      next &&
      /(?:^|\s)tu\s*$/.test(folded.slice(Math.max(from, h.start - 4), h.start)) &&
      /^\s*(?:thanh|sang|la)\s*$/.test(folded.slice(h.end, next.start))
    );
  });
}

/**
 * The one status an item states, or null when it states none or states several that disagree ("đã
 * hoàn thành việc đăng ký, đang triển khai mô hình"): then the bot asks rather than guess.
 */
export function statusOf(hits: readonly StatusHit[]): { status: TaskStatus | null; unclear: boolean } {
  const labelled = hits.filter((h) => h.labelled);
  const strong = hits.filter((h) => !h.weak);
  const pool = labelled.length > 0 ? labelled : strong.length > 0 ? strong : hits;
  const meanings = new Set(pool.map((h) => h.meaning));
  if (meanings.size === 1 && !meanings.has('unclear')) {
    return { status: pool[0]?.meaning as TaskStatus, unclear: false };
  }
  return { status: null, unclear: meanings.size > 0 };
}

/** The status a whole (short) text names, e.g. a command argument: all of it must be the phrase. */
export function statusFromWords(words: readonly string[]): TaskStatus | null {
  const folded = words.join(' ');
  const hits = findStatuses(folded);
  const only = hits[0];
  if (hits.length !== 1 || !only || only.start !== 0 || only.end !== folded.length) return null;
  return only.meaning === 'unclear' ? null : only.meaning;
}
