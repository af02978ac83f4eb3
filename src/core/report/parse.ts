import { headerOf } from './header';
import { findStatuses, statusOf, tokens } from './statusWords';
import type { StatusHit } from './statusWords';
import type {
  Mention,
  ParsedItem,
  ParsedReport,
  PeriodRef,
  TaskStatus,
  TitledLine,
  UnreadableLine,
} from './types';

export { parsePeriodRef } from './periodRef';

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069\uE000\uE001]/g;
const MAX_LINE = 4000;

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

/** A list marker at the start of a line: "1.", "a)", "-", "•", "+", "(2)", "I.", "1/", "STT 1 -". */
const MARKER =
  /^(?:[-+*•·●▪►–—>]+\s*|\d{1,2}[.)/](?!\d)\s*|[a-h][.)]\s+|\(\d{1,2}\)\s*|[ivx]{1,4}[.)]\s+|stt\s*\d{1,2}\s*[.:–-]?\s*)/;
/** A task reference anywhere: "NV3", "NV 3", "nv3", "Nv.3", "Nhiệm vụ 3", "Nhiệm vụ số 3". */
const REF = /(?<![a-z0-9])(?:nv|n\.v\.?|nvu|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*0*([1-9]\d?)(?!\d)/y;
const REF_ANYWHERE = /(?<![a-z0-9])(?:nv|n\.v\.?|nvu|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*0*[1-9]/g;
/** One more task of a list: "NV3, NV7", "NV3 và NV4", "NV3 với NV7", "Nhiệm vụ 3, nhiệm vụ 4", "NV1 NV4". */
const MORE_REF =
  /\s*(?:[,&+/–-]|(?:va|voi|vs)(?![a-z]))?\s*(?:nv|n\.v\.?|nhiem\s*vu)\s*(?:so\s*)?[.#-]?\s*0*([1-9]\d?)(?!\d)/y;
/** One more bare number of a list: "NV3 và 4", "NV1, 4, 5, 6". */
const MORE_BARE = /\s*(?:[,&+/]|va(?![a-z]))\s*0*([1-9]\d?)(?!\d)/y;
const TASK_ATTEMPT = /^(?:nv|nhiem\s*vu)(?![a-z])\s*(?:so\s*)?(?:[:.=–-]|$)/;
const WORD_NUMBER = /^(?:nv|nhiem\s*vu)\s*(?:so\s*)?(?:mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)(?![a-z])/;
const DIFFICULTY =
  /^(?:cac\s+)?(?:kho\s*khan|vuong\s*mac|kien\s*nghi)(?:\s*(?:,|va|\/|&)\s*(?:kho\s*khan|vuong\s*mac|kien\s*nghi))*\s*(?:[:–—-]|$)\s*/;
const PROPOSAL =
  /^(?:de\s*xuat)(?:\s*(?:,|va|\/|&)\s*(?:kien\s*nghi|kho\s*khan|vuong\s*mac))*\s*(?:[:–—-]|$)\s*/;
const NONE =
  /^(?:khong|ko|k|khong co|khong co gi|chua co|khong co kho khan|khong co vuong mac|khong co de xuat)\s*[.!]?$/;
/** The end of a letter: greetings, thanks, signatures, recipients. */
const CLOSING =
  /^(?:tran trong|xin cam on|(?:em |chung em )?cam on|thanks|tks|thank you|kinh chuc|chuc |nguoi (?:bao cao|lap|viet)|thu truong|truong (?:phong|tram|ban|cong an)|giam doc|tram truong|chi huy truong|t\/?m\.?\s|k\/?t\.?\s|luu:|nhu tren)/;
const RECIPIENTS = /^noi\s*nhan\b/;
/** The head of a section of plans: "III. Phương hướng …", "Nhiệm vụ thời gian tới", "Kế hoạch 6 tháng cuối năm". */
const PLANS_AHEAD =
  /^(?:[ivx]{1,4}[.)/]\s*|\d{1,2}[.)/]\s*)?(?:phuong\s*huong|(?:nhiem\s*vu|ke\s*hoach|giai\s*phap)(?:\s*,\s*giai\s*phap)?\s*(?:trong\s*)?(?:thoi\s*gian\s*toi|ky\s*toi|sap\s*toi)|(?:nhiem\s*vu|ke\s*hoach)\s*6\s*thang\s*cuoi\s*nam\b.{0,20}$)/;
/** A head that owns up to being late: "gửi muộn", "nộp chậm", "bổ sung báo cáo", "kỳ trước chưa gửi". */
const LATE_ON_PURPOSE = /(?:^|[^a-z])(?:bo\s*sung|(?:gui|nop)\s*(?:muon|cham|tre)|ky\s*truoc)(?![a-z])/;
const SEPARATORS = /^[\s:;,.=>)|–—-]+/;
const FIGURE = /\d[\d.,]*\s*%|\d[\d.,]*(?:\s+[\p{L}\p{M}][\p{L}\p{M}'’]*){1,2}/gu;
/** Words after which a task number is named in passing, not reported on: "phối hợp với NV5". */
const LINKING = new Set([
  'voi',
  'cua',
  'va',
  'cung',
  'tai',
  'theo',
  'nhu',
  'thuoc',
  'trong',
  'sang',
  'cho',
  've',
  'o',
  'giua',
  'tu',
  'den',
  'phan',
  'cac',
  'ca',
  'moi',
  'bang',
  'minh',
  'chung',
]);
/** How a sentence ends when it asks: "… xong chưa em?", "… ai phụ trách vậy", "… đến đâu rồi". */
const QUESTION_END =
  /(?:^|\s)(?:chua|nhi|ha|sao|chu|the nao|ra sao|den dau|o dau|gi|nao|bao gio|khi nao|bao nhieu|duoc khong|phai khong|dung khong)(?:\s+roi)?(?:\s+(?:vay|the|em|anh|chi|ban|ca nha|moi nguoi|nhi|ha|a|oi|nhe))*\s*$/;
const QUESTION_WORDS =
  /(?:^|\s)(?:ai|the nao|ra sao|den dau|bao gio|khi nao|bao nhieu|o dau|co phai)(?:\s|$)/;
/** "Có … không?" without its question mark: "có vướng mắc gì không em". */
const HAS_OR_NOT = /(?:^|\s)co\s.+\s(?:khong|ko)(?:\s+(?:vay|em|anh|chi|a|nhi|ha))*\s*$/;
/** Talk between colleagues: an instruction or a remark ("… hỏi chị Lan nhé", "… mà", "mọi người ơi"). */
const TALK_END = /(?:^|\s)(?:nhe|nha|nhi|ma|day|thoi|ha|chu|di|voi|vay|nhe a|nha a)\s*[.!…]*$/;
const TALK_ANYWHERE =
  /(?:^|\s)(?:moi nguoi|ca nha|cac ban|(?:anh|chi|em|bac|co|chu|ban|ad|admin) oi)(?:\s|$|[,.!])/;
/** Words of a correction: "Sửa lại NV3: …", "Em xin sửa NV7 thành …", "Đính chính: …". */
const CORRECTION = /(?:^|[^a-z])(?:sua(?:\s+lai)?|dinh\s*chinh|dieu\s*chinh|cap\s*nhat\s+lai)(?![a-z])/;

/** Figures written in a result, kept as written: "2 hội nghị", "150 lượt CBCC", "100%". */
export function figuresOf(result: string): string[] {
  return [...result.matchAll(FIGURE)].map((m) => m[0].trim()).filter((s) => /\d/.test(s));
}

/** Whether a folded sentence asks something. */
export function isQuestion(sentence: string): boolean {
  const s = sentence.trim();
  if (s.includes('?')) return true;
  if (ASKS_DONE.test(s)) return true;
  const bare = s.replace(/[.!…,;]+$/, '').trim();
  // "NV6 chưa làm gì", "không có gì": nothing done, not a question.
  if (NOTHING.test(bare)) return false;
  return (
    QUESTION_END.test(bare) || HAS_OR_NOT.test(bare) || (QUESTION_WORDS.test(bare) && TALK_END.test(bare))
  );
}

/** "… xong chưa em, chị Hằng hỏi kìa": asking whether it is done, wherever it stands in the sentence. */
const ASKS_DONE =
  /(?:^|\s)(?:xong|hoan thanh|lam|nop|gui|bao cao|co)\s+chua(?:\s+(?:em|anh|chi|a|vay|nhi|ha|the|ban))*\s*(?:[,;]|$)/;
/** "chưa làm gì", "không có gì", "chưa triển khai được gì": a negation ending in "gì". */
const NOTHING = /(?:^|\s)(?:chua|khong|ko|chang)(?:\s+[a-z]+){1,3}\s+gi(?:\s+(?:ca|het|a|chi|anh|em))*$/;

/** Whether a folded text talks to people rather than reports: an instruction, a remark, a call. */
export function isTalk(text: string): boolean {
  const s = text.trim();
  return isQuestion(s) || TALK_END.test(s) || TALK_ANYWHERE.test(s);
}

/** A run of task numbers in a line, and whether it starts a task line there. */
interface Chain {
  start: number;
  end: number;
  codes: string[];
  starts: boolean;
}

/** The words after `pos` begin with a status (within three words: "NV7 thì đang làm", "NV7 thành …"). */
function statusFollows(f: string, pos: number): boolean {
  const stop = /[.?!;]/.exec(f.slice(pos));
  const end = stop ? pos + stop.index : f.length;
  const ws = tokens(f, pos, end);
  // Up to three words, not counting who speaks: "NV6 với NV7 bên em còn chưa làm".
  let k = 0;
  for (let n = 0; k < ws.length && n < 3; k++) if (!FILLER.has(ws[k]?.word ?? '')) n++;
  const limit = ws[k]?.start ?? end;
  return findStatuses(f, pos, end).some((h) => h.start < limit && h.meaning !== 'unclear' && !h.weak);
}

/** Words between task numbers and their status that say nothing: who speaks, "thì", "còn". */
const FILLER = new Set([
  'ben',
  'em',
  'minh',
  'phong',
  'chung',
  'toi',
  'thi',
  'con',
  'van',
  'deu',
  'a',
  'cung',
  'da',
]);

/** Every run of task numbers in a folded line, each judged: does a task line start there? */
function chainsOf(f: string): Chain[] {
  const chains: Chain[] = [];
  REF_ANYWHERE.lastIndex = 0;
  for (let m = REF_ANYWHERE.exec(f); m; m = REF_ANYWHERE.exec(f)) {
    const start = m.index;
    if (chains.length > 0 && start < (chains.at(-1)?.end ?? 0)) continue;
    REF.lastIndex = start;
    const ref = REF.exec(f);
    if (!ref) continue;
    const codes = [`NV${Number(ref[1])}`];
    let end = REF.lastIndex;
    let bareRun = 0;
    for (;;) {
      MORE_REF.lastIndex = end;
      const more = MORE_REF.exec(f);
      if (more) {
        codes.push(`NV${Number(more[1])}`);
        end = MORE_REF.lastIndex;
        continue;
      }
      MORE_BARE.lastIndex = end;
      const bare = MORE_BARE.exec(f);
      // A bare number continues the list only where a list can end ("NV1, 4, 5, 6: …", "NV3 và 4 đang …"),
      // or as the last of a run of them ("Nhiệm vụ 4, 5, 6 bên em …"): "NV3, 4 hội nghị" is not a list.
      if (
        bare &&
        (/^\s*(?:[:,;.)=>–—-]|$|(?:va|&|\+)\s*\d)/.test(f.slice(MORE_BARE.lastIndex)) ||
          statusFollows(f, MORE_BARE.lastIndex) ||
          bareRun > 0)
      ) {
        codes.push(`NV${Number(bare[1])}`);
        end = MORE_BARE.lastIndex;
        bareRun++;
        continue;
      }
      break;
    }
    chains.push({ start, end, codes: [...new Set(codes)], starts: startsHere(f, start, end) });
    REF_ANYWHERE.lastIndex = end;
  }
  return chains;
}

/**
 * Whether task numbers at `start` begin a task line: at the start of the line, after punctuation or a
 * list marker ("…ạ. NV3: …", "…; b) NV7 …"), or followed by a separator or a status and not named in
 * passing ("… phối hợp với NV5 của Văn phòng").
 */
function startsHere(f: string, start: number, end: number): boolean {
  const prefix = f.slice(0, start).trimEnd();
  if (!prefix) return true;
  const last = prefix.at(-1) ?? '';
  if (last === '(') return /^\s*\)/.test(f.slice(end));
  if (';.,:!)/+*•▪|–—-'.includes(last)) return true;
  if (/(?:^|[\s;,.])(?:\d{1,2}|[a-h])[.)/]$/.test(prefix)) return true;
  const lastWord = /([a-z0-9]+)$/.exec(prefix)?.[1] ?? '';
  const opens = OPENING_WORD.exec(prefix);
  // "Các nhiệm vụ 3, 4, 7 đang thực hiện", "Về NV5 thì …", "còn NV4 đang": the clause opens with them.
  if (opens && /(?:^|[;.,:!)/+*•▪–—-])\s*$/.test(prefix.slice(0, opens.index)))
    return /^\s*[:=>–—-]/.test(f.slice(end)) || statusFollows(f, end);
  if (LINKING.has(lastWord)) return false;
  return /^\s*[:=>–—-]/.test(f.slice(end)) || statusFollows(f, end);
}

/** Words a clause may open with before its task numbers: "Các …", "Về …", "Còn …", "Riêng …". */
const OPENING_WORD = /(?:^|\s)(?:cac|ca|nhung|ve|con|rieng|doi voi)\s*$/;

/** An item being read, with what the parser learned about its line. */
interface Draft {
  item: ParsedItem;
  /** The task numbers were followed by a separator ("NV3:", "NV3 -"), as in a report line. */
  separated: boolean;
  /** Its text talks to people (an instruction, a remark): not a result unless a status is stated. */
  talk: boolean;
  question: boolean;
  /** Its line had a list marker. */
  marked: boolean;
  /** Status phrases found so far, to read again when the item goes on over more lines. */
  hits: StatusHit[];
}

/** A label right before a status: "Kết quả: hoàn thành", "Tiến độ – đang thực hiện". */
const LABEL_BEFORE = /(?:ket qua|tien do|trang thai|tinh trang|muc do|danh gia)\s*[:=–-]?\s*\(?\s*$/;

/** What may stand between the task numbers and a status that comes first: "NV7 thì đang làm". */
const LEAD_IN = /^[\s:;,.=>(|–—-]*(?:(?:a|la|thanh|thi|da|cung|deu|van)[\s:,.]+)*[\s(]*$/;
/** What may follow a status that comes last: "… đã hoàn thành ạ.", "… (hoàn thành)". */
const TAIL = /^[\s)]*(?:(?:a|nhe|nha|roi)[\s.!…]*)*[.!…;,]*\s*$/;

/** The status and result of the text of one item, `f[from, to)` (folded) / `o[from, to)` (original). */
function readItem(o: string, f: string, from: number, to: number, hits: StatusHit[]) {
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
function sentenceEnd(f: string, from: number, to: number): number {
  const re = /[.?!](?=\s|$)|\?/g;
  re.lastIndex = from;
  const m = re.exec(f);
  return m && m.index < to ? m.index + 1 : to;
}

/**
 * Reads a unit's reply the way the ward writes it: task lines in any layout ("NV3: …", "1. Nhiệm vụ 3 –
 * …", "a) NV3 …; b) NV7 …", several tasks sharing a status), the status anywhere in the line, letter
 * heads and closings around them, an optional header naming the period, "Vướng mắc:" and "Đề xuất:"
 * lines. A question or a remark that names a task is not a task line. Accents, case, spacing and
 * separators are free; one typo in a status is forgiven where the status stands on its own. Never throws.
 */
export function parseReport(text: string): ParsedReport {
  const report: ParsedReport = {
    period: null,
    otherPeriod: null,
    plans: [],
    items: [],
    mentions: [],
    question: false,
    difficulties: [],
    proposals: [],
    unreadable: [],
    looksLikeReport: false,
    recordable: false,
  };
  const lines = text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .split(/\r\n|\r|\n/);
  const drafts: Draft[] = [];
  const titled: TitledLine[] = [];
  let target: Draft[] | { kind: 'difficulty' | 'proposal'; list: string[]; index: number | null } | null =
    null;
  let seenContent = false;
  /** The kind of list marker of the line the current task items came from: "1.", "a)", "-". */
  let targetMarker: string | null = null;
  /** Inside a "Phương hướng" section: plans, not results. */
  let planning = false;
  /** Rows of a table whose first column is headed "NV": their first cell is the task number. */
  let taskColumn = false;
  /** The status of the heading the task lines below stand under ("*Đã xong*"), until other text comes. */
  let headingStatus: TaskStatus | null = null;
  let stopped = false;
  let correcting = false;
  let questions = 0;
  let sentences = 0;

  /** The line before was a head: "BÁO CÁO KẾT QUẢ …\n6 THÁNG ĐẦU NĂM 2025" names its period on the next line. */
  let afterHead = false;
  const takeHeader = (f: string, first: boolean, nextToHead = false): boolean => {
    const header = headerOf(f, first || nextToHead);
    if (!header) return false;
    afterHead = true;
    if (LATE_ON_PURPOSE.test(f)) report.lateOnPurpose = true;
    for (const p of header.plans) if (!report.plans.includes(p)) report.plans.push(p);
    if (header.period?.type === 'period') report.period ??= header.period.ref;
    else if (header.period?.type === 'other') report.otherPeriod ??= prettyPeriod(header.period.text);
    return true;
  };

  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    let raw = rawLine.slice(0, MAX_LINE).trim();
    // A table whose first column is headed "NV" or "Nhiệm vụ" numbers its rows by task: "3 | Hoàn thành".
    const cells = /\t|\s\|\s/.test(raw) ? raw.split(/\t+|\s+\|\s+/).map((c) => foldAligned(c.trim())) : null;
    if (!cells) taskColumn = false;
    else if (/^(?:nv|nhiem\s*vu|ma\s*(?:nv|nhiem\s*vu)|nhiem\s*vu\s*so)$/.test(cells[0] ?? ''))
      taskColumn = true;
    else if (taskColumn) raw = raw.replace(/^(\d{1,2})(?=\t|\s\|\s)/, 'NV$1');
    const line = rewriteLine(raw);
    if (!line || stopped) return;
    const first = !seenContent;
    seenContent = true;
    const nextToHead = afterHead;
    afterHead = false;
    let o = line;
    let f = lastFold.text === line ? lastFold.folded : foldAligned(line);
    if (RECIPIENTS.test(f)) {
      // "Nơi nhận:" ends the letter; what follows is the list of recipients.
      stopped = true;
      return;
    }
    // "III. PHƯƠNG HƯỚNG 6 THÁNG CUỐI NĂM": what follows is planned, not done, until a difficulty or a
    // proposal heading.
    if (PLANS_AHEAD.test(f)) {
      planning = true;
      target = null;
      return;
    }
    if (planning && !DIFFICULTY.test(f.replace(MARKER, '')) && !PROPOSAL.test(f.replace(MARKER, ''))) return;
    planning = false;
    const marker = MARKER.exec(f);
    const markerKind = marker ? markerKindOf(marker[0]) : null;
    if (marker && marker[0].length < f.length) {
      o = o.slice(marker[0].length);
      f = f.slice(marker[0].length);
    }

    // "*Đã xong*", "Chưa xong, đang làm:" over a list of tasks: a heading, whose status goes to the task
    // lines under it that state none. Undecorated, it is a heading only where no task line is open.
    const headed = REF_TEST.test(f) ? null : statusHeading(f, /^\s*[*_].*[*_]\s*$|:\s*$/.test(line));
    if (headed && (headed.decorated || !Array.isArray(target) || target.length === 0)) {
      headingStatus = headed.status;
      target = null;
      return;
    }

    for (const [re, kind] of [
      [PROPOSAL, 'proposal'],
      [DIFFICULTY, 'difficulty'],
    ] as const) {
      const m = re.exec(f);
      if (!m) continue;
      report.looksLikeReport = true;
      const list = kind === 'proposal' ? report.proposals : report.difficulties;
      const body = o.slice(m[0].length).trim();
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

    // "NV3 HT, NV5 HT (…), các NV còn lại đang thực hiện": the rest of the unit's tasks.
    const rest = f.includes('con lai') || f.includes('khac') ? REST_OF_TASKS.exec(f) : null;
    if (rest) {
      const status = everyStatus(f, rest.index);
      if (status) {
        report.allTasks ??= { status, text: o.slice(rest.index).replace(/^[\s,;.]+/, ''), line: lineNo };
        o = o.slice(0, rest.index);
        f = f.slice(0, rest.index);
      }
    }
    const chains = chainsOf(f);
    const starts = chains.filter((c) => c.starts);
    if (starts.length > 0) {
      const preface = f.slice(0, starts[0]?.start ?? 0);
      if (preface.trim()) {
        sentences++;
        if (isQuestion(preface)) questions++;
        takeHeader(preface, first);
        // "Xong hết trừ NV6 vẫn đang làm": every other task is done.
        const every = allTasksIn(preface);
        if (every)
          report.allTasks ??= { status: every, text: line.slice(0, starts[0]?.start).trim(), line: lineNo };
      }
      const correction = CORRECTION.test(preface) || correcting;
      let lineDrafts: Draft[] = [];
      starts.forEach((chain, k) => {
        const nextStart = starts[k + 1]?.start ?? f.length;
        // "…; các nhiệm vụ 3, 4 …": the word that opens the next clause is not part of this task's text.
        const opener = nextStart < f.length ? OPENING_WORD.exec(f.slice(0, nextStart)) : null;
        let next = opener && opener.index >= chain.end ? opener.index : nextStart;
        // "NV7 hoàn thành rồi, còn NV5 có phải báo cáo không chị?": the clause about the other task is
        // not part of this one (and its question does not make this one a question).
        for (const c of chains) {
          if (c.starts || c.start <= chain.end || c.start >= next) continue;
          const other = OPENING_WORD.exec(f.slice(0, c.start));
          if (other && /[,;]\s*$/.test(f.slice(0, other.index))) next = other.index;
        }
        // "…, hoàn thành; b) NV7 …": the next task's list marker is not part of this task's text.
        const marker = /(?:^|[\s;,.])(?:\d{1,2}|[a-h])[.)/]\s*$/.exec(f.slice(0, next));
        const segEnd = marker && marker.index >= chain.end ? marker.index : next;
        const read = readSegment(o, f, chain, segEnd, lineNo, correction, Boolean(marker) || k > 0);
        lineDrafts = read.drafts;
        if (headingStatus)
          for (const d of lineDrafts)
            if (d.item.status === null && !d.item.unclear) d.item.status = headingStatus;
        drafts.push(...lineDrafts);
        if (read.aside) {
          report.looksLikeReport = true;
          (read.aside.kind === 'difficulty' ? report.difficulties : report.proposals).push(read.aside.text);
        }
        sentences++;
        if (lineDrafts.some((d) => d.question)) questions++;
      });
      for (const c of chains.filter((c) => !c.starts))
        for (const taskCode of c.codes) report.mentions.push({ taskCode, line: lineNo, question: false });
      target = lineDrafts;
      targetMarker = markerKind;
      return;
    }

    for (const c of chains)
      for (const taskCode of c.codes)
        report.mentions.push({ taskCode, line: lineNo, question: isQuestion(f) });
    if (chains.length > 0) {
      // "Còn NV4, NV5 em xin gửi sau ạ": about other tasks, not more of the task above.
      target = null;
      return;
    }
    if (TASK_ATTEMPT.test(f) || WORD_NUMBER.test(f)) {
      const reason: UnreadableLine['reason'] = WORD_NUMBER.test(f) ? 'unknown_task_form' : 'no_task_number';
      report.unreadable.push({ line: lineNo, text: line, reason });
      target = null;
      return;
    }
    sentences++;
    const talk = isTalk(f);
    if (talk && isQuestion(f)) questions++;
    if (!talk && CORRECTION.test(f) && !/[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}/.test(f)) {
      // "Em xin sửa lại ạ:" alone: the lines that follow correct the report.
      correcting = true;
    }
    if (!talk && takeHeader(f, first, nextToHead)) {
      // "Trạm y tế báo cáo KQ năm nay ạ (tóm tắt): quy tắc ứng xử – xong; …": a head, then the items.
      // "Trạm Y tế báo cáo năm 2026: tất cả các nhiệm vụ … đều đã hoàn thành ạ."
      const all = allTasksIn(f);
      if (all) report.allTasks ??= { status: all, text: line, line: lineNo };
      else titled.push(...titledIn(o, f, lineNo));
      target = null;
      return;
    }
    const heading =
      /^[ivx]{1,4}[.)]/.test(marker?.[0] ?? '') || /^(?:cac\s+)?(?:nhiem\s*vu|nv)(?![a-z])/.test(f);
    if (talk || heading || CLOSING.test(f) || isLetterHead(line)) {
      target = null;
      return;
    }
    // "1. NV3: …\n2. Tuyên truyền…: hoàn thành": the next item of the same list is not more of NV3.
    if (Array.isArray(target) && markerKind !== null && markerKind === targetMarker) target = null;
    const every = talk ? null : allTasksIn(f);
    if (every) {
      report.allTasks ??= { status: every, text: line, line: lineNo };
      target = null;
      return;
    }
    if (!Array.isArray(target) || target.length === 0) {
      const named = titledIn(o, f, lineNo);
      if (named.length > 0) {
        titled.push(...named);
        target = null;
        return;
      }
    }
    if (!Array.isArray(target)) headingStatus = null;
    // A line that carries on the previous task, difficulty or proposal.
    if (Array.isArray(target)) {
      for (const d of target) continueItem(d, line, f);
    } else if (target && !(target.index === null && NONE.test(f))) {
      if (target.index === null) {
        target.list.push(line);
        target.index = target.list.length - 1;
      } else {
        target.list[target.index] = `${target.list[target.index]}\n${line}`;
      }
    }
  });

  // A task line is a report line when it states a status, or gives a result in a report's form; a
  // question, or a remark between colleagues that names a task, is not.
  const context =
    report.period !== null ||
    drafts.some((d) => d.item.status !== null || d.marked) ||
    new Set(drafts.map((d) => d.item.line)).size > 1;
  for (const d of drafts) {
    const { item } = d;
    // "NV7 giữ nguyên": nothing changes for it, so no line is recorded.
    if (item.status === null && UNCHANGED.test(foldAligned(item.result))) continue;
    const isResult = item.result !== '' && !d.talk && (d.separated || context || /\d/.test(item.result));
    if (d.question || (item.status === null && !item.unclear && !isResult)) {
      if (item.result === '' && !d.question && !d.talk) {
        report.unreadable.push({
          line: item.line,
          text: lines[item.line - 1]?.trim() ?? '',
          reason: 'empty',
        });
      } else {
        report.mentions.push({ taskCode: item.taskCode, line: item.line, question: d.question });
      }
      continue;
    }
    report.items.push(item);
  }
  // One line each for the same empty line of several tasks ("NV3, NV4:").
  report.unreadable = report.unreadable.filter(
    (u, i, all) => all.findIndex((x) => x.line === u.line && x.reason === u.reason) === i,
  );
  report.unreadable.sort((a, b) => a.line - b.line);

  // Lines naming their task by content count when the message reads as a report: two of them, or one
  // under a head or beside task lines. One alone in a group is people talking.
  if (titled.length > 1 || (titled.length > 0 && (report.period !== null || drafts.length > 0))) {
    report.titled = titled;
  }
  report.recordable =
    Boolean(report.titled) ||
    Boolean(report.allTasks) ||
    report.items.length > 0 ||
    report.unreadable.length > 0 ||
    report.difficulties.length > 0 ||
    report.proposals.length > 0;
  report.question = report.items.length === 0 && questions > 0 && questions >= sentences / 2;
  if (report.recordable || (report.period !== null && !report.question)) report.looksLikeReport = true;
  return report;
}

/** Reads one task line: its numbers, any note in brackets after them, the status and the result. */
function readSegment(
  o: string,
  f: string,
  chain: Chain,
  segEnd: number,
  line: number,
  correction: boolean,
  marked: boolean,
): { drafts: Draft[]; aside: { kind: 'difficulty' | 'proposal'; text: string } | null } {
  let pos = chain.end;
  const separated = /^\s*[:=>.|–—-]/.test(f.slice(pos)) || /^\s*\(/.test(f.slice(pos));
  let corrected = correction;
  const notes: string[] = [];
  // Notes after the numbers: "NV3 (chủ trì):", "NV3 (sửa):", "Nhiệm vụ 3 (Quy tắc ứng xử):".
  for (;;) {
    const skip = /^[\s:=>.–—-]*/.exec(f.slice(pos))?.[0].length ?? 0;
    if (f[pos + skip] !== '(') break;
    const close = f.indexOf(')', pos + skip);
    if (close < 0 || close >= segEnd) break;
    const inside = f.slice(pos + skip + 1, close);
    if (findStatuses(f, pos + skip + 1, close).length > 0) break;
    if (CORRECTION.test(inside) || /bo\s*sung/.test(inside)) corrected = true;
    else notes.push(o.slice(pos + skip + 1, close).trim());
    pos = close + 1;
  }
  let end = segEnd;
  // What comes after the first sentence and talks to people is not part of the result ("… Trân trọng.").
  const lead = /^[\s:;,.=>–—-]*/.exec(f.slice(pos))?.[0].length ?? 0;
  let from = sentenceEnd(f, pos + lead, end);
  const firstSentence = f.slice(chain.start, from);
  let aside: { kind: 'difficulty' | 'proposal'; text: string } | null = null;
  while (from < end) {
    const next = sentenceEnd(f, from, end);
    const sentence = f.slice(from, next).trim();
    const lead = from + (f.slice(from).length - f.slice(from).trimStart().length);
    const d = DIFFICULTY.exec(sentence) ?? PROPOSAL.exec(sentence);
    if (d) {
      // "… NV7: đang thực hiện. Vướng mắc: …" on the same line.
      const body = o.slice(lead + d[0].length, segEnd).trim();
      if (body && !NONE.test(foldAligned(body)))
        aside = { kind: DIFFICULTY.test(sentence) ? 'difficulty' : 'proposal', text: body };
      end = from;
      break;
    }
    if (sentence && (CLOSING.test(sentence) || isTalk(sentence))) {
      end = from;
      break;
    }
    from = next;
  }
  const restF = f.slice(pos, end);
  const hits = findStatuses(f, pos, end);
  const { status, unclear, result } = readItem(o, f, pos, end, hits);
  const question = isQuestion(firstSentence);
  const talk = !question && status === null && isTalk(restF.replace(/^\s*thi\s/, ' thi '));
  const startsWithThi = /^[\s:,.-]*thi\s/.test(restF) && status === null;
  const drafts = chain.codes.map((taskCode) => ({
    item: {
      taskCode,
      status,
      result,
      figures: figuresOf(result),
      line,
      ...(corrected ? { correction: true } : {}),
      ...(unclear ? { unclear: true } : {}),
      ...(notes.length > 0 && chain.codes.length === 1 ? { note: notes.join('; ') } : {}),
    },
    separated,
    talk: talk || startsWithThi,
    question,
    marked,
    hits,
  }));
  return { drafts, aside };
}

/** A line without task numbers that goes on with the item above it. */
function continueItem(d: Draft, line: string, f: string): void {
  const { item } = d;
  item.result = item.result ? `${item.result}\n${line}` : line;
  item.figures = figuresOf(item.result);
  if (d.question) return;
  const hits = findStatuses(f);
  if (hits.length === 0) return;
  d.hits = [...d.hits, ...hits];
  const again = statusOf(d.hits);
  if (item.status !== null) {
    // "NV3:\n- Hội nghị: hoàn thành\n- Tuyên truyền: đang thực hiện": lines that disagree leave it open.
    if (again.status !== item.status) {
      item.status = null;
      item.unclear = true;
    }
    return;
  }
  if (again.status) {
    item.status = again.status;
    delete item.unclear;
    // Read as one text, so the status is cut out of the result as on a single line.
    const joined = item.result;
    const folded = foldAligned(joined);
    const read = readItem(joined, folded, 0, joined.length, findStatuses(folded));
    if (read.status === again.status) item.result = read.result;
    item.figures = figuresOf(item.result);
  } else if (again.unclear) {
    item.unclear = true;
  }
}

/**
 * A line as the ward lays it out, put in the form the reader takes: a table row (cells split by tabs or
 * " | ", a row number first), a task named after its sentence in brackets ("… tố cáo (NV5)."), a status
 * over a list of tasks ("Hoàn thành: NV3, NV7.", "Hoàn thành nhiệm vụ 3 và nhiệm vụ 7"), a range of tasks
 * ("từ NV3 đến NV7"). Each clause is rewritten task numbers first; anything else is left as it is.
 */
/** The last line `rewriteLine` folded, so the reader does not fold it twice. */
let lastFold = { text: '', folded: '' };

function rewriteLine(line: string): string {
  // The reader's own form, one task first and no other on the line ("NV3: đang thực hiện – …"): as is.
  if (ONE_TASK_FIRST.test(line) && line.match(ANY_TASK)?.length === 1 && !/[\t|]/.test(line)) return line;
  let out = tableRow(line);
  // Most lines name no task, or name it first ("NV3: …"): nothing to rewrite, and no time spent on it.
  if (!HAS_TASK.test(out)) return out;
  if (/\s(?:từ|tu|Từ|Tu)\s/.test(` ${out}`))
    out = out.replace(RANGE, (whole, a: string, b: string) => {
      const [from, to] = [Number(a), Number(b)];
      if (!(from < to && to - from <= 12)) return whole;
      return Array.from({ length: to - from + 1 }, (_, k) => `NV${from + k}`).join(', ');
    });
  if (/(?:nhiệm|nhiem|nv)\s*(?:vụ|vu)?\s+\p{L}/iu.test(out))
    out = out.replace(WORD_TASK, (whole, head: string, word: string) => {
      const n = WORD_DIGITS[foldAligned(word)];
      return n ? `${head} ${n}` : whole;
    });
  const f = foldAligned(out);
  // "… công khai thủ tục (NV5), còn chuyển đổi số thì vẫn đang làm (NV4).": a task in brackets ends its part.
  const bounds = [...f.matchAll(/[.;](?=\s|$)|;|\((?:nv|nhiem\s*vu)\s*\d{1,2}\)\s*,/g)].map(
    (m) => (m.index ?? 0) + m[0].length,
  );
  const clauses: [number, number][] = [];
  let at = 0;
  for (const b of [...bounds, f.length]) {
    if (b > at) clauses.push([at, b]);
    at = b;
  }
  let rewritten = '';
  for (const [from, to] of clauses) rewritten += rewriteClause(out.slice(from, to), f.slice(from, to));
  // The reader folds the line again unless it is the one just folded here.
  lastFold = { text: rewritten, folded: rewritten === out ? f : foldAligned(rewritten) };
  return rewritten;
}

/** A task number spelled out: "nhiệm vụ ba", "nhiệm vụ năm" (not "nhiệm vụ năm 2026"). */
const WORD_TASK =
  /(?<![\p{L}])((?:[Nn]hiệm vụ|[Nn]hiem vu|NV|nv)(?:\s+số)?)\s+(một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mot|bon|tu|nam|sau|bay|tam|chin)(?![\p{L}\d])(?!\s*\d)/gu;
const WORD_DIGITS: Record<string, string> = {
  mot: '1',
  hai: '2',
  ba: '3',
  bon: '4',
  tu: '4',
  nam: '5',
  sau: '6',
  bay: '7',
  tam: '8',
  chin: '9',
};

const ONE_TASK_FIRST = /^(?:[-+*•]\s*|\d{1,2}[.)]\s*)?(?:nv|nhi[eệ]m\s*v[uụ])\s*\d{1,2}\s*[:.–-]/i;
const ANY_TASK = /(?:nv|nhi[eệ]m\s*v[uụ])\s*(?:s[ốo]\s*)?[.#:-]?\s*\d|nhi[eệ]m\s*v[uụ]\s+[^\s\d]/gi;

/** A task named anywhere, by number or in words: "NV3", "nv 3", "Nhiệm vụ 3", "nhiệm vụ ba". */
const HAS_TASK = /(?:nv|n\.v|nhi[eệ]m\s*v[uụ])\s*(?:s[oố]\s*)?[.#:-]?\s*(?:0*[1-9]|\p{L})/iu;
/** A clause that starts with its task: "NV3: …", "1. Nhiệm vụ 3 –": already in the reader's form. */
const TASK_FIRST =
  /^\s*(?:[-+*•·●▪►>]+\s*|\d{1,2}[.)/]\s*|[a-h][.)]\s+)?(?:nv|n\.v\.?|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*0*[1-9]/;

const RANGE =
  /(?<![\p{L}\d])(?:từ|tu|Từ|Tu)\s+(?:NV|nv|Nv|nhiệm vụ|nhiem vu|Nhiệm vụ)\s*0*([1-9]\d?)\s+(?:đến|den|tới|toi)\s+(?:(?:NV|nv|Nv|nhiệm vụ|nhiem vu)\s*)?0*([1-9]\d?)(?!\d)/gu;

/** Cells of a row copied from a table (tabs, or " | "), a leading row number made a list marker. */
function tableRow(line: string): string {
  if (!line.includes('\t') && !/\s\|\s/.test(line)) return line;
  const cells = line
    .split(/\t+|\s+\|\s+/)
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== '|');
  const first = cells[0] ?? '';
  if (cells.length > 1 && /^\d{1,2}[.)]?$/.test(first))
    return `${first.replace(/[.)]?$/, '.')} ${cells.slice(1).join(' | ')}`;
  return cells.join(' | ');
}

/** One clause (with its closing "." or ";"), rewritten task numbers first where its layout says so. */
function rewriteClause(o: string, f: string): string {
  if (TASK_FIRST.test(f) || !REF_TEST.test(f)) return o;
  // Emoji and bullets before a status ("✅ Xong: nhiệm vụ 3") are decoration.
  const lead = /^[\s\p{Extended_Pictographic}\p{Emoji_Component}\u2000-\u2BFF*_]*/u.exec(f)?.[0].length ?? 0;
  const close = /[.;,]?\s*$/.exec(f)?.[0] ?? '';
  const bodyEnd = f.length - close.length;
  // "… không phát sinh đơn thư (NV5)." → "NV5: … không phát sinh đơn thư."
  const trailing =
    /\(\s*((?:nv|nhiem\s*vu)\s*(?:so\s*)?[1-9]\d?(?:\s*(?:,|va)\s*(?:(?:nv|nhiem\s*vu)\s*)?[1-9]\d?)*)\s*\)$/.exec(
      f.slice(0, bodyEnd),
    );
  if (trailing && trailing.index > lead + 8 && !chainsOf(f.slice(0, trailing.index)).some((c) => c.starts)) {
    const chain = o.slice(trailing.index + 1, trailing.index + trailing[0].length - 1).trim();
    const text = o.slice(lead, trailing.index).trim();
    return `${o.slice(0, lead)}${chain}: ${text}${o.slice(bodyEnd)}`;
  }
  // "Bên KT gửi nhé: xong – NV1, NV3, NV5": a head, then a status over a list.
  const head = /^[^:]*:\s*/.exec(f.slice(lead, bodyEnd));
  if (head && !chainsOf(head[0]).length && lead + head[0].length < bodyEnd) {
    const at = lead + head[0].length;
    const rest = rewriteClause(o.slice(at), f.slice(at));
    if (rest !== o.slice(at)) return `${o.slice(0, at)}${rest}`;
  }
  // "xong – NV1, NV3; đang – NV4; chưa – NV7": the shortest status words, before a list.
  const short = SHORT_STATUS.exec(f.slice(lead, bodyEnd));
  if (short) {
    const chain = chainsOf(f.slice(0, bodyEnd)).find((c) => c.start === lead + short[0].length);
    // "HT: NV3, NV7, NV8 (bảo đảm ANTT dịp lễ)": a note in brackets may follow the list.
    const note = chain ? /^\s*(\([^()]*\))?\s*$/.exec(f.slice(chain.end, bodyEnd)) : null;
    if (chain && note) {
      const word = SHORT_WORDS[short[1] ?? ''] ?? '';
      const after = note[1] ? ` – ${o.slice(chain.end, bodyEnd).trim().slice(1, -1)}` : '';
      return `${o.slice(0, lead)}${o.slice(chain.start, chain.end)}: ${word}${after}${o.slice(bodyEnd)}`;
    }
  }
  // "Hoàn thành: NV3, NV7." / "Đã hoàn thành các nhiệm vụ 3, 4" / "Đang thực hiện – NV7: …"
  const hit = findStatuses(f, lead, bodyEnd)[0];
  if (!hit || hit.weak || hit.meaning === 'unclear') return o;
  if (hit.start !== lead) return statusBeforeTasks(o, f, lead, bodyEnd);
  const gap = /^\s*[:–—-]?\s*(?:(?:cac|ca|nhung)\s+)?/.exec(f.slice(hit.end, bodyEnd))?.[0].length ?? 0;
  const chain = chainsOf(f.slice(0, bodyEnd)).find((c) => c.start === hit.end + gap);
  if (!chain) return o;
  const rest = f.slice(chain.end, bodyEnd);
  if (rest.trim() && !/^\s*[:–—-]/.test(rest)) return o;
  const status = o.slice(hit.start, hit.end);
  const after = o
    .slice(chain.end, bodyEnd)
    .replace(/^\s*[:–—-]\s*/, '')
    .trim();
  return `${o.slice(0, lead)}${o.slice(chain.start, chain.end)}: ${status}${after ? ` – ${after}` : ''}${o.slice(bodyEnd)}`;
}

const REF_TEST = /(?:nv|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*0*[1-9]/;

const SHORT_STATUS = /^(xong|dang|chua|ht|dth|cth|kps)\s*[:–—-]\s*/;
const SHORT_WORDS: Record<string, string> = {
  xong: 'hoàn thành',
  dang: 'đang thực hiện',
  chua: 'chưa thực hiện',
  ht: 'hoàn thành',
  dth: 'đang thực hiện',
  cth: 'chưa thực hiện',
  kps: 'không phát sinh',
};

/**
 * "Năm 2026 Ban CHQS đã hoàn thành NV3 và NV5, đang thực hiện NV4 và NV6, còn NV7 chưa làm": parts
 * separated by commas, each a status and then its tasks and nothing more, rewritten tasks first. A part
 * that is anything else leaves the clause as it is.
 */
function statusBeforeTasks(o: string, f: string, lead: number, bodyEnd: number): string {
  const cuts = [
    lead,
    ...[...f.slice(lead, bodyEnd).matchAll(/,/g)].map((m) => lead + (m.index ?? 0) + 1),
    bodyEnd,
  ];
  const parts: string[] = [];
  let changed = false;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [from, to] = [cuts[k] ?? 0, cuts[k + 1] ?? 0];
    const end = f.slice(from, to).endsWith(',') ? to - 1 : to;
    const hit = findStatuses(f, from, end)[0];
    const chains = chainsOf(f.slice(0, end)).filter((c) => c.start >= from);
    const chain = chains[0];
    const gap = hit ? (/^\s*(?:(?:cac|ca|nhung)\s+)?/.exec(f.slice(hit.end, end))?.[0].length ?? 0) : 0;
    if (
      hit &&
      !hit.weak &&
      hit.meaning !== 'unclear' &&
      chain &&
      chain.start === hit.end + gap &&
      !f.slice(chain.end, end).trim() &&
      !chainsOf(f.slice(0, hit.start)).some((c) => c.start >= from)
    ) {
      parts.push(
        `${o.slice(from, hit.start)}${o.slice(chain.start, chain.end)}: ${o.slice(hit.start, hit.end)};`,
      );
      changed = true;
    } else parts.push(o.slice(from, to));
  }
  return changed ? `${o.slice(0, lead)}${parts.join('')}${o.slice(bodyEnd)}` : o;
}

/** "Các nhiệm vụ đều hoàn thành hết", "tất cả nhiệm vụ đã xong", "xong hết (trừ NV6 …)": every task. */
const ALL_TASKS =
  /(?:^|\s)(?:(?:tat ca|toan bo|cac|moi|ca)\s+(?:cac\s+)?(?:nhiem vu|nv|viec|noi dung)(?![a-z])|(?:xong|hoan thanh)\s+(?:het|ca|tat ca)(?![a-z]))/;

/** The status a text gives every task of the unit, or null. */
function allTasksIn(f: string): TaskStatus | null {
  if (!ALL_TASKS.test(f) || isQuestion(f)) return null;
  return everyStatus(f, 0);
}

/**
 * The status a text from `from` on gives every task it covers: stated outright, not "tổng hợp xong sẽ
 * gửi sau" (a promise, not a status).
 */
function everyStatus(f: string, from: number): TaskStatus | null {
  if (LATER.test(f.slice(from))) return null;
  const hits = findStatuses(f, from, f.length).filter((h) => !h.weak);
  const { status } = statusOf(hits);
  return status === 'done' || status === 'in_progress' || status === 'not_started' ? status : null;
}

/** Words of a promise: "… sẽ gửi sau", "gửi sau ạ". */
const LATER = /(?:^|\s)(?:se|sau|bo sung sau)(?:\s|$|[.,!])/;

const REST_OF_TASKS = /[,;.]\s*(?:cac|nhung|moi)\s+(?:nv|nhiem\s*vu|viec)\s+(?:con\s+lai|khac)(?![a-z])/;

/**
 * A line that is a status and nothing else, as a heading over a list: "*Đã xong*", "_Chưa xong, đang
 * làm_", "Hoàn thành:". `decorated` when bold, italic or ending in a colon, as headings are written.
 */
function statusHeading(f: string, decorated: boolean): { status: TaskStatus; decorated: boolean } | null {
  const bare = f.replace(/[*_:]/g, ' ');
  const hits = findStatuses(bare);
  const { status } = statusOf(hits);
  if (!status || hits.length === 0) return null;
  let rest = bare;
  for (const h of [...hits].reverse()) rest = rest.slice(0, h.start) + rest.slice(h.end);
  return /^[\s,.;/&+–-]*(?:(?:va|hoac|nhung|da)[\s,.;/&+–-]*)*$/.test(rest) ? { status, decorated } : null;
}

const UNCHANGED =
  /^\s*(?:giu\s*nguyen|nhu\s*cu|khong\s*(?:thay\s*)?doi)(?:\s+nhu\s+(?:cu|truoc|lan\s*truoc))?[\s.,;!]*$/;

/** Where a label ends: a colon, a table cell, a dash between words. */
const LABEL_END = /\s*(?::|\||[–—]|\s-)\s*/g;

/**
 * The items of a line that names its tasks by content, clause by clause (";"): "Quy tắc ứng xử, đạo
 * đức công vụ: đã hoàn thành", "quy tắc ứng xử – xong; dân vận khéo – xong", a table row "Thực hiện
 * phong trào … | Giúp 2 hộ … | Hoàn thành". The label is what stands before the separator that precedes
 * the status (after a head "… (tóm tắt):"), unless that separator follows a label word ("Tiến độ:").
 */
function titledIn(o: string, f: string, line: number): TitledLine[] {
  const out: TitledLine[] = [];
  let from = 0;
  for (const end of [...[...f.matchAll(/;/g)].map((m) => m.index ?? 0), f.length]) {
    const at = from;
    from = end + 1;
    const hits = findStatuses(f, at, end);
    const first = hits[0];
    if (!first || first.weak || first.meaning === 'unclear') continue;
    const seps = [...f.slice(at, first.start).matchAll(LABEL_END)].map((m) => ({
      start: at + (m.index ?? 0),
      end: at + (m.index ?? 0) + m[0].length,
    }));
    let k = seps.length - 1;
    while (k > 0 && LABEL.test(f.slice(at, seps[k]?.start))) k--;
    // A table row: the task is its first cell.
    if (f.slice(at, end).includes(' | ')) k = seps.findIndex((s) => f.slice(s.start, s.end).includes('|'));
    const sep = seps[k];
    if (!sep) continue;
    const clean = (s: string) => s.replace(/^[\s(]*|[\s)]*$/g, '').trim();
    const label = clean(o.slice(seps[k - 1]?.end ?? at, sep.start));
    // A table row joined by dashes ("Quy tắc ứng xử – Tổ chức 2 hội nghị – Tiến độ: Hoàn thành"): its
    // first cell may be the task, too.
    const firstCell = seps[0] && k > 0 ? clean(o.slice(at, seps[0].start)) : null;
    // In a row of three cells or more the task is the first cell, the nearest one its result.
    const ordered = firstCell && k >= 1 ? [firstCell, label] : [label, ...(firstCell ? [firstCell] : [])];
    const labels = ordered.filter(
      (l) => l.length >= 4 && !new RegExp(REF_ANYWHERE.source).test(foldAligned(l)),
    );
    const read = readItem(o, f, sep.end, end, findStatuses(f, sep.end, end));
    if (!read.status || labels.length === 0) continue;
    const cell = seps[0];
    const whole = firstCell && cell ? readItem(o, f, cell.end, end, findStatuses(f, cell.end, end)) : null;
    out.push({
      label: labels[0] ?? label,
      labels,
      status: read.status,
      result: read.result,
      ...(firstCell && whole?.status === read.status ? { firstCell, firstCellResult: whole.result } : {}),
      line,
    });
  }
  return out;
}

/** A label word right before a separator: "Tiến độ:", "Kết quả:". */
const LABEL = /(?:ket qua|tien do|trang thai|tinh trang|muc do|danh gia)\s*$/;

/** The kind of a list marker: numbers, letters, roman numerals, brackets or bullets, each its own list. */
function markerKindOf(marker: string): string {
  const m = marker.trim();
  if (/^\d/.test(m)) return `number${m.replace(/[\d\s]/g, '')}`;
  if (/^\(/.test(m)) return 'bracket';
  if (/^[ivx]{1,4}[.)]/.test(m)) return 'roman';
  if (/^[a-h][.)]/.test(m)) return `letter${m.slice(1)}`;
  if (/^stt/.test(m)) return 'stt';
  return `bullet${m[0] ?? ''}`;
}

/** A line of a letter's head or signature: "ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN", "TRẠM TRƯỞNG". */
function isLetterHead(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 4 && letters === letters.toUpperCase() && line.length <= 80;
}

/** A period the plan does not have, as the receipt quotes it: "quy iv" → "quý IV". */
function prettyPeriod(text: string): string {
  return text
    .replace(/^quy\b/, 'quý')
    .replace(/\bthang\b/, 'tháng')
    .replace(/\b(i{1,3}|iv)\b/, (m) => m.toUpperCase());
}

/** The periods a text names in its header, for callers that have only a line. */
export type { PeriodRef, Mention };
