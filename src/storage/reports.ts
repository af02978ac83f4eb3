import type { TaskStatus } from '../core/report/types';
import type { Db } from './db';

export interface ReportItem {
  taskCode: string;
  status: TaskStatus | null;
  result: string;
  figures: string[];
}

/** One revision of a unit's report for a period, with its items. */
export interface StoredReport {
  id: number;
  periodId: string;
  unitId: string;
  revision: number;
  submittedAt: Date;
  late: boolean;
  chatId: string;
  chatTitle: string | null;
  senderName: string | null;
  proposals: string[];
  items: ReportItem[];
}

/** A unit's standing in a period: when it first reported, and its latest revision. */
export interface UnitReportState {
  firstSubmittedAt: Date;
  firstLate: boolean;
  latest: StoredReport;
}

export interface SubmitInput {
  periodId: string;
  unitId: string;
  chatId: string;
  chatTitle: string | null;
  senderName: string | null;
  inboundId: number | null;
  at: Date;
  late: boolean;
  items: ReportItem[];
  proposals: string[];
}

interface ReportRow {
  id: number;
  period_id: string;
  unit_id: string;
  revision: number;
  submitted_at: number;
  late: number;
  chat_id: string;
  chat_title: string | null;
  sender_name: string | null;
  proposals: string;
}

interface ItemRow {
  report_id: number;
  task_code: string;
  status: TaskStatus | null;
  result: string;
  figures: string;
}

/**
 * Reports and their revisions. A revision is a full snapshot: nothing is updated or deleted, so every
 * version a unit sent stays readable. Raw prepared statements: this is the hot path of inbound reports.
 */
export class ReportStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    const c = db.$client;
    this.stmts = {
      latestRevision: c.prepare<[string, string], { rev: number | null }>(
        'SELECT MAX(revision) AS rev FROM reports WHERE period_id = ? AND unit_id = ?',
      ),
      insertReport: c.prepare(
        `INSERT INTO reports (period_id, unit_id, revision, chat_id, chat_title, sender_name, inbound_id, submitted_at, late, proposals)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertItem: c.prepare(
        'INSERT INTO report_items (report_id, task_code, status, result, figures) VALUES (?, ?, ?, ?, ?)',
      ),
      history: c.prepare<[string, string], ReportRow>(
        'SELECT * FROM reports WHERE period_id = ? AND unit_id = ? ORDER BY revision DESC',
      ),
      latest: c.prepare<[string, string], ReportRow>(
        'SELECT * FROM reports WHERE period_id = ? AND unit_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      items: c.prepare<[number], ItemRow>('SELECT * FROM report_items WHERE report_id = ? ORDER BY id'),
      ofPeriod: c.prepare<[string], ReportRow>(
        'SELECT * FROM reports WHERE period_id = ? ORDER BY unit_id, revision',
      ),
      itemsOfPeriod: c.prepare<[string], ItemRow>(
        `SELECT i.* FROM report_items i JOIN reports r ON r.id = i.report_id
         WHERE r.period_id = ? ORDER BY i.id`,
      ),
      lastId: c.prepare<[string], number | null>('SELECT MAX(id) FROM reports WHERE period_id = ?').pluck(),
      reportedUnits: c
        .prepare<[string], string>('SELECT DISTINCT unit_id FROM reports WHERE period_id = ?')
        .pluck(),
      periodLatest: c.prepare<[string, string], ReportRow & { first_at: number; first_late: number }>(
        `SELECT r.*, f.first_at, f.first_late FROM reports r
         JOIN (SELECT unit_id, MIN(submitted_at) AS first_at, MAX(revision) AS max_rev,
                      MAX(CASE WHEN revision = 1 THEN late END) AS first_late
               FROM reports WHERE period_id = ? GROUP BY unit_id) f
           ON r.unit_id = f.unit_id AND r.revision = f.max_rev
         WHERE r.period_id = ?`,
      ),
      periodItems: c.prepare<[string, string], ItemRow>(
        `SELECT i.* FROM report_items i JOIN reports r ON r.id = i.report_id
         JOIN (SELECT unit_id, MAX(revision) AS max_rev FROM reports WHERE period_id = ? GROUP BY unit_id) f
           ON r.unit_id = f.unit_id AND r.revision = f.max_rev
         WHERE r.period_id = ? ORDER BY i.id`,
      ),
    };
    // Created once: better-sqlite3 builds a new function (and savepoint names) per transaction() call.
    this.submitRows = (input: SubmitInput): StoredReport => {
      const last = this.stmts.latestRevision.get(input.periodId, input.unitId)?.rev ?? 0;
      const revision = last + 1;
      const r = this.stmts.insertReport.run(
        input.periodId,
        input.unitId,
        revision,
        input.chatId,
        input.chatTitle,
        input.senderName,
        input.inboundId,
        input.at.getTime(),
        input.late ? 1 : 0,
        JSON.stringify(input.proposals),
      );
      const id = Number(r.lastInsertRowid);
      for (const item of input.items) {
        this.stmts.insertItem.run(id, item.taskCode, item.status, item.result, JSON.stringify(item.figures));
      }
      return {
        id,
        periodId: input.periodId,
        unitId: input.unitId,
        revision,
        submittedAt: input.at,
        late: input.late,
        chatId: input.chatId,
        chatTitle: input.chatTitle,
        senderName: input.senderName,
        proposals: input.proposals,
        items: input.items,
      };
    };
    this.submitTx = db.$client.transaction(this.submitRows);
  }

  /** Stores a new revision (the next number for this unit and period) with its items. */
  submit(input: SubmitInput): StoredReport {
    // Inside the bot's transaction a nested one would only add a savepoint: write directly.
    return this.db.$client.inTransaction ? this.submitRows(input) : this.submitTx(input);
  }

  private readonly submitTx: (input: SubmitInput) => StoredReport;
  private readonly submitRows: (input: SubmitInput) => StoredReport;

  latest(periodId: string, unitId: string): StoredReport | null {
    const row = this.stmts.latest.get(periodId, unitId);
    return row ? this.withItems(row) : null;
  }

  /** Every revision of every unit in the period, with its items (for the office's compiled report). */
  revisionsOf(periodId: string): StoredReport[] {
    const items = new Map<number, ReportItem[]>();
    for (const row of this.stmts.itemsOfPeriod.all(periodId)) {
      let list = items.get(row.report_id);
      if (!list) items.set(row.report_id, (list = []));
      list.push(toItem(row));
    }
    return this.stmts.ofPeriod.all(periodId).map((row) => toReport(row, items.get(row.id) ?? []));
  }

  /** Every revision, newest first. */
  history(periodId: string, unitId: string): StoredReport[] {
    return this.stmts.history.all(periodId, unitId).map((row) => this.withItems(row));
  }

  /** The newest report's row number in the period (0 for none): it changes whenever a report arrives. */
  lastIdOf(periodId: string): number {
    return this.stmts.lastId.get(periodId) ?? 0;
  }

  /** Units that have sent at least one report in the period. */
  reportedUnits(periodId: string): Set<string> {
    return new Set(this.stmts.reportedUnits.all(periodId));
  }

  /** For each unit that reported in the period: its first submission and its latest revision. */
  periodState(periodId: string): Map<string, UnitReportState> {
    const itemsByReport = new Map<number, ReportItem[]>();
    for (const row of this.stmts.periodItems.all(periodId, periodId)) {
      let list = itemsByReport.get(row.report_id);
      if (!list) itemsByReport.set(row.report_id, (list = []));
      list.push(toItem(row));
    }
    const out = new Map<string, UnitReportState>();
    for (const row of this.stmts.periodLatest.all(periodId, periodId)) {
      out.set(row.unit_id, {
        firstSubmittedAt: new Date(row.first_at),
        firstLate: row.first_late === 1,
        latest: toReport(row, itemsByReport.get(row.id) ?? []),
      });
    }
    return out;
  }

  private withItems(row: ReportRow): StoredReport {
    return toReport(row, this.stmts.items.all(row.id).map(toItem));
  }
}

function toItem(row: ItemRow): ReportItem {
  return {
    taskCode: row.task_code,
    status: row.status,
    result: row.result,
    figures: JSON.parse(row.figures) as string[],
  };
}

function toReport(row: ReportRow, items: ReportItem[]): StoredReport {
  return {
    id: row.id,
    periodId: row.period_id,
    unitId: row.unit_id,
    revision: row.revision,
    submittedAt: new Date(row.submitted_at),
    late: row.late === 1,
    chatId: row.chat_id,
    chatTitle: row.chat_title,
    senderName: row.sender_name,
    proposals: JSON.parse(row.proposals) as string[],
    items,
  };
}
