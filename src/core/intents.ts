import { isQuestion } from './report/parse';
import { namedPeriod } from './report/periodRef';
import type { PeriodRef } from './report/types';
import { fold } from './text/fold';

/**
 * What a plain (non-command) message asks for, when it is a question the bot knows: the same answer as
 * a command. Which of them a chat may have is the bot's to decide (a unit's chat never gets another
 * unit's data).
 */
export type Intent =
  | { kind: 'help'; toBot: boolean }
  /** "Đơn vị mình phụ trách gì?"; with a task: "NV3 là nhiệm vụ gì, ai chủ trì?". */
  | { kind: 'tasks'; taskCode: string | null }
  /** "Tình hình báo cáo thế nào rồi?" → /tinhhinh. */
  | { kind: 'overview'; period: PeriodRef | null }
  /** "Đơn vị nào chưa nộp?", "Ai còn nợ báo cáo?" → /chuanop. */
  | { kind: 'missing'; period: PeriodRef | null }
  /** "NV6 đến đâu rồi?" → that task's statuses. */
  | { kind: 'task_status'; taskCode: string; period: PeriodRef | null }
  /** "Phòng mình còn thiếu gì?" → the asking unit's own report. */
  | { kind: 'unit_status'; period: PeriodRef | null }
  /** "Trạm y tế nộp báo cáo chưa?", "Xem báo cáo của công an" → /xem <đơn vị>; `name` is the words left. */
  | { kind: 'unit_report'; name: string; period: PeriodRef | null }
  /** "Có vướng mắc gì không?" → /vuongmac. */
  | { kind: 'difficulties' }
  /** "Xếp hạng các đơn vị năm nay?" → /xephang. */
  | { kind: 'scorecard' };

const TASKS_PATTERNS = [
  /\b(phu trach|chu tri|phoi hop|trach nhiem|duoc giao|phan cong)\b.*\b(gi|nao|nhung|nhiem vu|viec)\b/,
  /\b(nhiem vu|viec|nv)\b.*\b(cua (minh|don vi|chung toi|chung em|phong|ban)|minh|don vi minh|gi|nao)\b.*\??$/,
  /\b(don vi|phong|ban|chung toi|chung em|minh)\b.*\b(lam|phu trach|thuc hien)\b.*\b(gi|nhung gi|nao)\b/,
];

const HELP_PATTERNS = [
  /^(help|huong dan|tro giup|giup (toi|em|voi)|bot (oi|lam duoc gi)|lam sao de bao cao)\b/,
];

const TASK_REF = /(?<![a-z0-9])(?:nv|nhiem\s*vu)\s*(?:so\s*)?0*([1-9]\d?)(?!\d)/;
/** Asking how far something got: "đến đâu rồi", "thế nào", "tiến độ", "xong chưa". */
const PROGRESS =
  /\b(den dau|the nao|ra sao|sao roi|tien do|tinh hinh|xong chua|hoan thanh chua|bao cao chua|nop chua|gui chua|ket qua)\b/;
/** Asking who or what a task is: "ai phụ trách", "là gì", "nội dung". */
const ABOUT_TASK = /\b(ai (phu trach|chu tri|lam)|la gi|noi dung|phu trach|chu tri|phoi hop)\b/;
const MISSING =
  /\b(chua (nop|gui|bao cao|co bao cao)|no bao cao|con no|con thieu|thieu bao cao|chua co bao cao)\b/;
const WHO = /\b(don vi nao|nhung don vi|cac don vi|ai|phong nao|danh sach|con don vi|bao nhieu don vi)\b/;
const OVERVIEW =
  /\b(tinh hinh (bao cao|nop|thuc hien|chung)|tinh hinh\b.*\b(the nao|ra sao|sao roi|den dau)|tong hop (tinh hinh|bao cao)|da du chua|du chua|nop muon|bao cao muon|dung han)\b/;
/** The asking unit itself: "phòng mình", "đơn vị em", "bên mình". */
const OWN_UNIT = /\b(minh|chung em|chung toi|ben em|don vi em|phong em|ban em|tram em|trung tam em)\b/;
const UNIT_DONE =
  /\b(nop (bao cao )?chua|bao cao chua|gui (bao cao )?chua|da nop|da gui|da bao cao|con thieu|thieu gi)\b/;
const SHOW = /^(xem|cho (anh|chi|em|toi) xem|xem giup|gui (anh|chi|em) xem)\b/;
const DIFFICULTIES = /\b(vuong mac|kho khan|kien nghi)\b/;
const SCORECARD = /\b(xep hang|bang xep hang|thi dua|ty le (nop )?dung han)\b/;
/** A request rather than a question: "Danh sách đơn vị chưa báo cáo", "Cho anh xem tình hình …". */
const REQUEST =
  /^(danh sach|cho (anh|chi|em|toi) (xem|biet|danh sach)|xem|bao cao (anh|chi|lanh dao)|tong hop)\b/;

/** Words around a unit's name in "Trạm y tế nộp báo cáo chưa?": what is left is the name. */
const NOT_NAME =
  /\b(xem|cho|anh|chi|em|toi|giup|bao cao|da|nop|gui|chua|cua|ve|tinh hinh|ky|nay|roi|vay|a|oi|nhe|the nao|ra sao)\b/g;

/**
 * Recognises plain questions and requests ("tình hình báo cáo thế nào rồi?", "đơn vị nào chưa nộp?",
 * "NV6 đến đâu rồi?", "phòng mình còn thiếu gì?") so they get the answer of the matching command.
 * Deliberately narrow: a question between colleagues that happens to match is left alone by the bot in
 * a unit's group (see the bot's chatter rule); here only the shape of the question counts.
 */
export function detectIntent(text: string): Intent | null {
  const raw = fold(text);
  if (raw.length > 200 || raw.startsWith('/')) return null;
  const t = raw.replace(/[?!.,;:]+/g, (m) => (m.includes('?') ? ' ?' : ' ')).trim();
  const asks = isQuestion(raw) || REQUEST.test(t) || SHOW.test(t);
  const named = namedPeriod(raw);
  const period = named?.type === 'period' ? named.ref : null;

  if (HELP_PATTERNS.some((p) => p.test(t))) return { kind: 'help', toBot: /^bot\b/.test(t) };
  const task = TASK_REF.exec(t);
  if (task) {
    const taskCode = `NV${Number(task[1])}`;
    if (!asks) return null;
    if (PROGRESS.test(t)) return { kind: 'task_status', taskCode, period };
    if (ABOUT_TASK.test(t)) return { kind: 'tasks', taskCode };
    return null;
  }
  if (!asks) return TASKS_PATTERNS.some((p) => p.test(t)) ? { kind: 'tasks', taskCode: null } : null;
  if (DIFFICULTIES.test(t)) return { kind: 'difficulties' };
  if (SCORECARD.test(t)) return { kind: 'scorecard' };
  if (MISSING.test(t) && WHO.test(t)) return { kind: 'missing', period };
  if (OWN_UNIT.test(t) && (UNIT_DONE.test(t) || MISSING.test(t) || PROGRESS.test(t)))
    return { kind: 'unit_status', period };
  if (OVERVIEW.test(t) || (/\btinh hinh\b/.test(t) && !TASKS_PATTERNS.some((p) => p.test(t))))
    return { kind: 'overview', period };
  if (UNIT_DONE.test(t) || SHOW.test(t)) {
    const name = t
      .replace(/\?/g, ' ')
      .replace(NOT_NAME, ' ')
      .replace(/\b(6|sau) thang\b.*$|\bnam \d{4}\b.*$/, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (name) return { kind: 'unit_report', name, period };
  }
  if (TASKS_PATTERNS.some((p) => p.test(t))) return { kind: 'tasks', taskCode: null };
  return null;
}
