/**
 * Status of one task in a unit's report, in our own vocabulary (labels live in the messages module).
 * `not_applicable` is "Không phát sinh": nothing to do arose in the period (no complaints to settle); it
 * counts as reported, and is never "not started".
 */
export type TaskStatus = 'done' | 'in_progress' | 'not_started' | 'not_applicable';

/** Every status, in the order the bot shows them. */
export const TASK_STATUSES: readonly TaskStatus[] = ['done', 'in_progress', 'not_started', 'not_applicable'];

/**
 * A reference to a reporting period as a user writes it ("6 tháng 2026", "năm 2026", "đột xuất số 2").
 * `lastYear`: the year before the one it is written in ("báo cáo năm ngoái"), with no year given.
 */
export type PeriodRef =
  | { kind: 'six_month'; year: number | null; lastYear?: boolean }
  | { kind: 'annual'; year: number | null; lastYear?: boolean }
  | { kind: 'adhoc'; number: number | null };

/** One task line of a reply: `NV3: đang thực hiện - tổ chức 2 hội nghị`. */
export interface ParsedItem {
  /** Normalised task code, e.g. `NV3`. */
  taskCode: string;
  /** `null` when the line names no recognisable status: the bot keeps the text and asks for the status. */
  status: TaskStatus | null;
  /** The result text as the user wrote it (accents, case and figures kept), trimmed; may be empty. */
  result: string;
  /** Figures found in the result text, as written ("2 hội nghị", "150 lượt CBCC"). */
  figures: string[];
  /** 1-based line number in the message where the item starts. */
  line: number;
  /** Written as a correction ("Sửa lại NV3: …", "NV3 (sửa): …"). */
  correction?: boolean;
  /** The item states several statuses that disagree: no status is recorded, and the bot asks. */
  unclear?: boolean;
  /** What the line says in brackets after the task number: "NV3 (chủ trì)", "NV4 (Dân vận khéo)". */
  note?: string;
}

/**
 * A line that names its task by content, not by number ("Quy tắc ứng xử, đạo đức công vụ: đã hoàn
 * thành"): read with the plan, it becomes an item when the label fits one task of the unit only.
 */
export interface TitledLine {
  /** The label as the receipt quotes it. */
  label: string;
  /** Where the task may be named, nearest the status first (a table row's first cell last). */
  labels: string[];
  /** A table row's first cell, and the result when the task is that cell: the cells after it. */
  firstCell?: string;
  firstCellResult?: string;
  status: TaskStatus;
  result: string;
  line: number;
}

/** A task named in passing, in a question or a remark ("NV6 đến đâu rồi?"): not a report line. */
export interface Mention {
  taskCode: string;
  line: number;
  /** The sentence that names it is a question. */
  question: boolean;
}

/** A line the parser could not read, quoted back to the user with an example. */
export interface UnreadableLine {
  line: number;
  text: string;
  reason: 'no_task_number' | 'empty' | 'unknown_task_form';
}

export interface ParsedReport {
  /** The period named in a header line such as "Báo cáo 6 tháng đầu năm 2026", if any. */
  period: PeriodRef | null;
  /**
   * A period this plan does not have, as written in the header ("quý IV", "9 tháng", "tháng 11"): the
   * bot asks which period is meant.
   */
  otherPeriod: string | null;
  /** Plan numbers the text names ("KH 168", "Kế hoạch số 200/KH-UBND"), e.g. `168`. */
  plans: string[];
  /** Tasks named in questions and remarks, not reported on. */
  mentions: Mention[];
  /** The whole message reads as a question (the bot may answer it; it records nothing). */
  question: boolean;
  items: ParsedItem[];
  /** Texts after "Vướng mắc:", "Khó khăn:", "Kiến nghị:" (each becomes a numbered difficulty). */
  difficulties: string[];
  /** Texts after "Đề xuất:". */
  proposals: string[];
  unreadable: UnreadableLine[];
  /**
   * True when the message has the shape of a report or a difficulty (a task line, a report header,
   * a "Vướng mắc:" line). A document whose text looks like a report is taken as the unit's report.
   */
  looksLikeReport: boolean;
  /**
   * True when the message records something: a status or a result for a task, a difficulty, a
   * proposal, or a task line the bot must quote back. In a group, only such a message is a report;
   * a header alone, a question or a remark naming a task is people talking.
   */
  recordable: boolean;
  /**
   * A line that gives every task of the unit one status ("các nhiệm vụ đều hoàn thành hết", "xong hết
   * trừ NV6 …"): each task not named on a line of its own gets it.
   */
  allTasks?: { status: TaskStatus; text: string; line: number };
  /** Lines that name their task by content, with a status (see `TitledLine`). */
  titled?: TitledLine[];
  /** `otherPeriod` is two periods named at once ("năm 2025 và 6 tháng đầu năm 2026"). */
  severalPeriods?: boolean;
  /** Its head says it is sent late or as a supplement ("gửi muộn", "bổ sung báo cáo năm 2026"). */
  lateOnPurpose?: boolean;
}
