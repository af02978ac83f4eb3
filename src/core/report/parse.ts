import { foldAligned } from './aligned';
import { chainsOf, OPENING_WORD } from './chains';
import type { Chain } from './chains';
import { headerOf } from './header';
import { readItem, sentenceEnd } from './item';
import {
  allTasksIn,
  everyStatus,
  REF_TEST,
  REST_OF_TASKS,
  rewriteLine,
  statusHeading,
  titledIn,
  UNCHANGED,
} from './layout';
import { findStatuses, statusOf } from './statusWords';
import type { StatusHit } from './statusWords';
import {
  CLOSING,
  CORRECTION,
  DIFFICULTY,
  figuresOf,
  isQuestion,
  isTalk,
  LATE_ON_PURPOSE,
  MARKER,
  NONE,
  PLANS_AHEAD,
  PROPOSAL,
  RECIPIENTS,
  TASK_ATTEMPT,
  WORD_NUMBER,
} from './words';
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
export { foldAligned } from './aligned';
export { figuresOf, isQuestion, isTalk } from './words';

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069\uE000\uE001]/g;
const MAX_LINE = 4000;

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
    else if (header.period?.type === 'several' && report.otherPeriod === null) {
      report.otherPeriod = header.period.text;
      report.severalPeriods = true;
    }
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
    const { line, folded } = rewriteLine(raw);
    if (!line || stopped) return;
    const first = !seenContent;
    seenContent = true;
    const nextToHead = afterHead;
    afterHead = false;
    let o = line;
    let f = folded;
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
