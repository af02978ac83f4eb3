import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlanSet } from '../../src/core/plan/build';
import type { PlanSet } from '../../src/core/plan/types';
import { openDatabase } from '../../src/storage/db';
import { syncPlanSet } from '../../src/storage/sync';
import { shippedSources } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';

const NOW = new Date('2026-11-23T01:00:00Z');
const LATER = new Date('2026-11-24T01:00:00Z');

function planSetWith(edit: (text: string) => string = (t) => t): PlanSet {
  const r = buildPlanSet(
    shippedSources().map((s) => (s.file.includes('168') ? { ...s, text: edit(s.text) } : s)),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.planSet;
}

function freshDb() {
  return openDatabase(join(tempDir(), 'bot.sqlite'));
}

describe('syncing plan files into the database', () => {
  it('uses a real SQLite file in WAL mode with foreign keys on', () => {
    const db = freshDb();
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('takes an organisation of more units than SQLite takes parameters (33,000), and archives the ones dropped', () => {
    const db = freshDb();
    const base = planSetWith();
    const many = Array.from({ length: 33_000 }, (_, i) => ({
      ...base.organisation.units[0]!,
      id: `dv-${i}`,
      name: `Đơn vị ${i}`,
      short: `ĐV ${i}`,
    }));
    const withUnits = (units: typeof many): PlanSet => ({
      ...base,
      organisation: { ...base.organisation, units: [...base.organisation.units, ...units] },
    });
    expect(syncPlanSet(db, withUnits(many), NOW).inserted).toBeGreaterThanOrEqual(33_000);
    expect(syncPlanSet(db, withUnits(many.slice(0, 32_990)), LATER).archived).toBe(10);
    const archived = db.$client
      .prepare("SELECT COUNT(*) FROM units WHERE archived_at IS NOT NULL AND id LIKE 'dv-%'")
      .pluck()
      .get();
    expect(archived).toBe(10);
  });

  it('is idempotent: a second run with the same files changes nothing', () => {
    const db = freshDb();
    const first = syncPlanSet(db, planSetWith(), NOW);
    expect(first.inserted).toBe(33);
    const dump = () => db.$client.prepare('SELECT * FROM tasks ORDER BY id').all();
    const before = dump();
    const second = syncPlanSet(db, planSetWith(), LATER);
    expect(second).toMatchObject({ inserted: 0, updated: 0, archived: 0 });
    expect(dump()).toEqual(before);
  });

  it('creates the six-month and annual periods of every year from the plan date on', () => {
    const db = freshDb();
    syncPlanSet(db, planSetWith(), NOW);
    const ids = db.$client.prepare('SELECT id FROM periods ORDER BY deadline_on').pluck().all();
    expect(ids[0]).toBe('kh-168-2025/N-2025'); // the six-month 2025 cut-off (14/6) is before the plan (14/11)
    expect(ids).toContain('kh-168-2025/6T-2026');
    expect(ids.at(-1)).toBe('kh-168-2025/N-2030');
    expect(ids).toHaveLength(11);
  });

  it('updates a changed text in place', () => {
    const db = freshDb();
    syncPlanSet(db, planSetWith(), NOW);
    const id = db.$client.prepare("SELECT id FROM tasks WHERE code = 'NV6'").pluck().get();
    const summary = syncPlanSet(
      db,
      planSetWith((t) =>
        t.replace('title: Mô hình "Chính quyền thân thiện"', 'title: Mô hình Chính quyền thân thiện (sửa)'),
      ),
      LATER,
    );
    expect(summary.updated).toBe(1);
    const row = db.$client.prepare("SELECT id, title FROM tasks WHERE code = 'NV6'").get();
    expect(row).toEqual({ id, title: 'Mô hình Chính quyền thân thiện (sửa)' });
  });

  it('archives a removed task without deleting it or what refers to it, and restores it when it returns', () => {
    const db = freshDb();
    syncPlanSet(db, planSetWith(), NOW);
    const sqlite = db.$client;
    // A report that mentions NV7 must survive the task leaving the plan file.
    sqlite
      .prepare(
        "INSERT INTO chats (id, channel, kind, updated_at) VALUES ('console:x', 'console', 'direct', 0)",
      )
      .run();
    const reportId = sqlite
      .prepare(
        `INSERT INTO reports (period_id, unit_id, revision, chat_id, submitted_at, late, proposals)
         VALUES ('kh-168-2025/N-2026', 'phong-kt-ht-dt', 1, 'console:x', 0, 0, '[]')`,
      )
      .run().lastInsertRowid;
    sqlite
      .prepare(
        "INSERT INTO report_items (report_id, task_code, status, result, figures) VALUES (?, 'NV7', 'done', 'x', '[]')",
      )
      .run(reportId);

    const withoutNv7 = (t: string) => t.replace(/ {2}- code: NV7[\s\S]*?(?=\n {2}# ---- Nội dung)/, '');
    const summary = syncPlanSet(db, planSetWith(withoutNv7), LATER);
    expect(summary.archived).toBe(1);
    const nv7 = sqlite.prepare("SELECT archived_at FROM tasks WHERE code = 'NV7'").get() as {
      archived_at: number;
    };
    expect(nv7.archived_at).toBe(LATER.getTime());
    expect(sqlite.prepare("SELECT count(*) FROM report_items WHERE task_code = 'NV7'").pluck().get()).toBe(1);

    const back = syncPlanSet(db, planSetWith(), LATER);
    expect(back.updated).toBe(1);
    expect(sqlite.prepare("SELECT archived_at FROM tasks WHERE code = 'NV7'").pluck().get()).toBeNull();
  });

  it('moves a period when its deadline changes in the plan file', () => {
    const db = freshDb();
    syncPlanSet(db, planSetWith(), NOW);
    syncPlanSet(
      db,
      planSetWith((t) => t.replace('deadline: 10/12', 'deadline: 05/12')),
      LATER,
    );
    const deadline = db.$client
      .prepare("SELECT deadline_on FROM periods WHERE id = 'kh-168-2025/N-2026'")
      .pluck()
      .get();
    expect(deadline).toBe('2026-12-05');
  });
});
