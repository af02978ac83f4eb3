/** Status of one task in a unit's report, in our own vocabulary (labels live in the messages module). */
export type TaskStatus = 'done' | 'in_progress' | 'not_started';

/** A reference to a reporting period as a user writes it ("6 tháng 2026", "năm 2026", "đột xuất số 2"). */
export type PeriodRef =
  | { kind: 'six_month'; year: number | null }
  | { kind: 'annual'; year: number | null }
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
  items: ParsedItem[];
  /** Texts after "Vướng mắc:", "Khó khăn:", "Kiến nghị:" (each becomes a numbered difficulty). */
  difficulties: string[];
  /** Texts after "Đề xuất:". */
  proposals: string[];
  unreadable: UnreadableLine[];
  /**
   * True when the message has the shape of a report or a difficulty (a task line, a report header,
   * a "Vướng mắc:" line). In a group, a message that does not look like one is ordinary chatter.
   */
  looksLikeReport: boolean;
}
