import type { HolidayRules } from '../calendar/holidays';

/**
 * The plan model: the ward's organisation (units and groups of units) and its plans (tasks,
 * reporting rules). Built once from the plan files, validated, then read by everything else.
 */

/** A date without time, ISO `YYYY-MM-DD`, in the ward's time zone. */
export type LocalDate = string;

export interface Ward {
  /** "Phường Lê Chân" */
  name: string;
  /** The issuing body in capitals of documents: "Ủy ban nhân dân phường Lê Chân". */
  authority: string;
  /** Place of the date line, with its administrative word ("Phường Lê Chân, ngày … tháng … năm …"). */
  place: string;
  timeZone: string;
}

export interface Group {
  id: string;
  name: string;
  aliases: string[];
  /** Other groups whose members belong to this one too ("các đơn vị liên quan" includes the armed forces). */
  includes: string[];
  /** Members report to the office under section III of the plan. */
  reports: boolean;
  /** Members supervise the plan (Ủy ban MTTQ, socio-political organisations, Ban Xây dựng Đảng). */
  supervises: boolean;
}

export interface Unit {
  id: string;
  /** Full Vietnamese name: "Phòng Kinh tế, Hạ tầng và Đô thị". */
  name: string;
  /** Short name used in lists: "Phòng KT-HT-ĐT". */
  short: string;
  aliases: string[];
  groups: string[];
  /** Whether the unit reports to the office; derived from its groups unless the file says otherwise. */
  reports: boolean;
  /** True where the file marks the entry as an editable default, not the ward's confirmed list. */
  isDefault: boolean;
}

export interface CalendarSettings {
  workStart: string;
  workEnd: string;
  extraDaysOff: LocalDate[];
  /** Any day announced as worked. */
  extraWorkingDays: LocalDate[];
  /** Announced Tết breaks, the day next to 2/9 per year, holidays added by law. */
  holidays: HolidayRules;
}

export interface Organisation {
  ward: Ward;
  /** The unit acting as the office that collects reports (Phòng VHXH). */
  officeUnitId: string;
  groups: Group[];
  units: Unit[];
  calendar: CalendarSettings;
  sourceFile: string;
}

/** A milestone: `text` is the plan's words; `note` is the bot's, shown as the bot's. */
export type Milestone =
  | { kind: 'dated'; date: LocalDate; text: string; note: string | null }
  /**
   * Every year (task 7: yearly evaluation and commendation proposals). The plan sets no date; named with
   * the annual report only when the ward chose so (`withAnnualReport`).
   */
  | { kind: 'yearly'; text: string; withAnnualReport: boolean; note: string | null };

export type TaskSection = 'appendix' | 'body';

export interface Task {
  /** `NV1`…`NV7` for the appendix, `II.1.a`… for the body of the plan. */
  code: string;
  section: TaskSection;
  /** Our short title for lists; never an official heading. */
  title: string;
  /** The plan's text, verbatim. */
  text: string;
  /** "Hình thức" of a body item, verbatim; null when the plan gives none. */
  form: string | null;
  timing: string;
  /** The task may also be requested ad hoc (đột xuất). */
  adhoc: boolean;
  /** Unit or group ids the bot tracks (empty when the plan names no body). */
  lead: string[];
  coordinate: string[];
  /** The lead and coordinating bodies in the plan's own words, when they differ from the ids' names. */
  leadAsWritten: string | null;
  coordinateAsWritten: string | null;
  /** How the bot reads what the plan leaves unclear; always shown as the bot's reading. */
  reading: string | null;
  milestones: Milestone[];
  /** Units report on this task each period (the appendix tasks do by default). */
  reported: boolean;
}

export interface PeriodRule {
  /** Day and month of the data cut-off (`14/06`). */
  cutoff: { day: number; month: number };
  /** Day and month by which units report to the office (`10/06`). */
  deadline: { day: number; month: number };
}

export interface ReportingRules {
  /** Section III duties, as text. */
  duties: string[];
  sixMonth: PeriodRule;
  annual: PeriodRule;
  /** Days before the deadline on which a unit that has not reported is reminded (0 = on the day). */
  remindBeforeDays: number[];
  /** Days after the deadline on which an overdue notice is sent. */
  overdueAfterDays: number[];
  digest: {
    /** ISO weekday of the weekly digest, 1 = Monday. */
    weekday: number;
    windowBeforeDays: number;
    windowAfterDays: number;
    /** Also send a digest the morning after each deadline. */
    afterDeadline: boolean;
  };
}

/** One variant of the compiled draft report (Nghị định 30/2020, Phụ lục I). */
export interface ReportVariant {
  /** Cơ quan chủ quản, for a body under the UBND ("UBND phường Lê Chân"); null for the UBND itself. */
  parent: string | null;
  /** Issuing body; null means the plan's issuer (the UBND). */
  issuer: string | null;
  /** Ký hiệu: "BC-UBND", "BC-VHXH". */
  symbol: string;
  /** "Nơi nhận", one line each, the last one "Lưu: …". */
  recipients: string[];
  /** Authority and title lines of the signature block ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", …). */
  signer: string[];
  /** Empty: a highlighted placeholder for the clerk. */
  signerName: string;
}

export interface Plan {
  id: string;
  number: string;
  title: string;
  issuer: string;
  issuedOn: LocalDate;
  signer: { name: string; title: string };
  summary: string;
  /**
   * The plan's own sentence that makes its results an emulation criterion, quoted (section I.2.c of
   * Plan 168), or null when the plan has none.
   */
  criterion: { section: string; text: string } | null;
  span: { from: number; to: number };
  reporting: ReportingRules;
  /** The compiled draft: the UBND's report, and Phòng VHXH's internal report to the UBND. */
  compiledReport: { ward: ReportVariant; office: ReportVariant };
  tasks: Task[];
  sourceFile: string;
}

export interface PlanSet {
  organisation: Organisation;
  plans: Plan[];
}
