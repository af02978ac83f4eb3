import { foldAligned } from './aligned';
import { chainsOf } from './chains';
import { readItem } from './item';
import { findStatuses, statusOf } from './statusWords';
import type { TaskStatus, TitledLine } from './types';
import { isQuestion, REF_ANYWHERE } from './words';

/*
 * The layouts the ward writes in besides "NV3: …" lines — tables, status headings, a status over a list
 * of tasks, tasks named by content, "all the tasks" — and the reader's way to each.
 */

/**
 * A line as the ward lays it out, put in the form the reader takes: a table row (cells split by tabs or
 * " | ", a row number first), a task named after its sentence in brackets ("… tố cáo (NV5)."), a status
 * over a list of tasks ("Hoàn thành: NV3, NV7.", "Hoàn thành nhiệm vụ 3 và nhiệm vụ 7"), a range of tasks
 * ("từ NV3 đến NV7"). Each clause is rewritten task numbers first; anything else is left as it is.
 * Returns the line with its fold, which the reader needs next and this had to make anyway.
 */
export function rewriteLine(line: string): { line: string; folded: string } {
  const as = (text: string) => ({ line: text, folded: foldAligned(text) });
  // The reader's own form, one task first and no other on the line ("NV3: đang thực hiện – …"): as is.
  if (ONE_TASK_FIRST.test(line) && line.match(ANY_TASK)?.length === 1 && !/[\t|]/.test(line)) return as(line);
  let out = tableRow(line);
  // Most lines name no task, or name it first ("NV3: …"): nothing to rewrite, and no time spent on it.
  if (!HAS_TASK.test(out)) return as(out);
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
  return rewritten === out ? { line: out, folded: f } : as(rewritten);
}

/**
 * A task number spelled out, then a separator or a status: "nhiệm vụ ba: …", "nhiệm vụ năm không phát
 * sinh" — not "nhiệm vụ năm 2026", "nhiệm vụ năm nay", "nhiệm vụ tư vấn".
 */
const WORD_TASK =
  /(?<![\p{L}])((?:[Nn]hiệm vụ|[Nn]hiem vu|NV|nv)(?:\s+số)?)\s+(một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mot|bon|tu|nam|sau|bay|tam|chin)(?=\s*(?:[:.,;)–-]|$)|\s+(?:đã|da|đang|dang|hoàn|hoan|xong|chưa|chua|không|khong|ko|thì|thi|HT|ht|ĐTH|đth|dth|KPS|kps|vẫn|van|cũng|cung)(?![\p{L}]))/gu;
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
export function tableRow(line: string): string {
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

export const REF_TEST = /(?:nv|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*0*[1-9]/;

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
export function allTasksIn(f: string): TaskStatus | null {
  if (!ALL_TASKS.test(f) || isQuestion(f)) return null;
  return everyStatus(f, 0);
}

/**
 * The status a text from `from` on gives every task it covers: stated outright, not "tổng hợp xong sẽ
 * gửi sau" (a promise, not a status).
 */
export function everyStatus(f: string, from: number): TaskStatus | null {
  if (LATER.test(f.slice(from))) return null;
  const hits = findStatuses(f, from, f.length).filter((h) => !h.weak);
  const { status } = statusOf(hits);
  return status === 'done' || status === 'in_progress' || status === 'not_started' ? status : null;
}

/** Words of a promise: "… sẽ gửi sau", "gửi sau ạ". */
export const LATER = /(?:^|\s)(?:se|sau|bo sung sau)(?:\s|$|[.,!])/;

export const REST_OF_TASKS =
  /[,;.]\s*(?:cac|nhung|moi)\s+(?:nv|nhiem\s*vu|viec)\s+(?:con\s+lai|khac)(?![a-z])/;

/**
 * A line that is a status and nothing else, as a heading over a list: "*Đã xong*", "_Chưa xong, đang
 * làm_", "Hoàn thành:". `decorated` when bold, italic or ending in a colon, as headings are written.
 */
export function statusHeading(
  f: string,
  decorated: boolean,
): { status: TaskStatus; decorated: boolean } | null {
  const bare = f.replace(/[*_:]/g, ' ');
  const hits = findStatuses(bare);
  const { status } = statusOf(hits);
  if (!status || hits.length === 0) return null;
  let rest = bare;
  for (const h of [...hits].reverse()) rest = rest.slice(0, h.start) + rest.slice(h.end);
  return /^[\s,.;/&+–-]*(?:(?:va|hoac|nhung|da)[\s,.;/&+–-]*)*$/.test(rest) ? { status, decorated } : null;
}

export const UNCHANGED =
  /^\s*(?:giu\s*nguyen|nhu\s*cu|khong\s*(?:thay\s*)?doi)(?:\s+nhu\s+(?:cu|truoc|lan\s*truoc))?[\s.,;!]*$/;

/** Where a label ends: a colon, a table cell, a dash between words. */
const LABEL_END = /\s*(?::|\||[–—]|\s-)\s*/g;

/**
 * The items of a line that names its tasks by content, clause by clause (";"): "Quy tắc ứng xử, đạo
 * đức công vụ: đã hoàn thành", "quy tắc ứng xử – xong; dân vận khéo – xong", a table row "Thực hiện
 * phong trào … | Giúp 2 hộ … | Hoàn thành". The label is what stands before the separator that precedes
 * the status (after a head "… (tóm tắt):"), unless that separator follows a label word ("Tiến độ:").
 */
export function titledIn(o: string, f: string, line: number): TitledLine[] {
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
export const LABEL = /(?:ket qua|tien do|trang thai|tinh trang|muc do|danh gia)\s*$/;
