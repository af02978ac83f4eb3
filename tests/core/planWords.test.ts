import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/core/plan/types';
import { shippedPlanSet } from '../helpers/plans';

/**
 * The plan's own words: every text the plan file gives as the plan's (task texts, forms, timings, bodies
 * as written, milestones, section III, the emulation criterion) is found word for word in the plan as
 * issued (its text extracted from the PDF, kept as a fixture). Between two words of a text, the only
 * thing allowed is what the PDF's table puts there: the same task's own cells and a page number.
 */
const SOURCE = readFileSync(join(import.meta.dirname, '../fixtures/kh-168-ubnd-2025.txt'), 'utf8');

/**
 * The extraction's line breaks joined; a hyphen the line break split ("01- CTr") joined back; an item
 * letter glued to its text ("b)Tổ chức") parted.
 */
const words = SOURCE.replace(/\s+/g, ' ')
  .replace(/(\S)- (\S)/g, '$1-$2')
  .replace(/(\s[a-zđ]\))(\S)/g, '$1 $2')
  .trim()
  .split(' ');

/**
 * The one correction the file makes to the plan's words, documented in its comment (NV6): the stray
 * closing quotation mark after "phục vụ" is dropped (the milestone, a clause, ends without the full stop).
 */
const CORRECTIONS = new Map([['vụ”.', ['vụ.', 'vụ']]]);

const tokens = (text: string) => text.replace(/\s+/g, ' ').trim().split(' ');

/** Where `text` occurs in the plan, skipping only words of `cells` or page numbers; null if nowhere. */
function findInPlan(text: string, cells: Set<string>): { at: number; skipped: string[] } | null {
  const want = tokens(text);
  for (let start = 0; start < words.length; start++) {
    if (words[start] !== want[0]) continue;
    const skipped: string[] = [];
    let i = start;
    let j = 0;
    while (j < want.length && i < words.length) {
      const w = words[i]!;
      if (w === want[j] || CORRECTIONS.get(w)?.includes(want[j]!)) {
        i++;
        j++;
      } else if (cells.has(w) || /^\d$/.test(w)) {
        skipped.push(w);
        i++;
      } else break;
    }
    if (j === want.length) return { at: start, skipped };
  }
  return null;
}

const plan = shippedPlanSet().plans[0]!;

/**
 * Every word of a task's own cells: its timing and its bodies as written (the table interleaves them with
 * the text; a list of bodies is written "A; B" in the file and "- A - B" in the table).
 */
function cellsOf(task: Task): Set<string> {
  const cells = [task.timing, task.leadAsWritten ?? '', task.coordinateAsWritten ?? ''].join(' ');
  return new Set([...tokens(cells.replace(/;/g, '')), '-']);
}

describe("the plan's own words are verbatim", () => {
  it.each(plan.tasks.map((t) => [t.code, t] as const))(
    '%s: text, form, timing, bodies, milestones',
    (_code, task) => {
      const cells = cellsOf(task);
      const pieces = [task.text, task.form, task.timing, ...task.milestones.map((m) => m.text)];
      // A list of bodies is written "A; B" in the file, each body a cell line of the table.
      const bodies = [task.leadAsWritten, task.coordinateAsWritten].flatMap((b) =>
        b && task.section === 'appendix' ? b.split('; ') : [b],
      );
      for (const piece of [...pieces, ...bodies]) {
        if (piece !== null) expect(findInPlan(piece, cells), piece.slice(0, 80)).not.toBeNull();
      }
    },
  );

  it('keeps the text of a body item whole: nothing between its words but its own cells', () => {
    for (const task of plan.tasks.filter((t) => t.section === 'body')) {
      expect(findInPlan(task.text, new Set())?.skipped, task.code).toEqual([]);
    }
  });

  it('has section III, the criterion of section I.2.c and the milestones verbatim', () => {
    for (const duty of plan.reporting.duties)
      expect(findInPlan(duty, new Set()), duty.slice(0, 60)).not.toBeNull();
    expect(plan.criterion?.section).toBe('I.2.c');
    const criterion = findInPlan(plan.criterion!.text, new Set());
    expect(criterion).not.toBeNull();
    expect(words.slice(criterion!.at - 1, criterion!.at)).toEqual(['c)']);
  });

  it("quotes NV6's milestone with the plan's quotation marks, and restores NV7's yearly one", () => {
    const nv6 = plan.tasks.find((t) => t.code === 'NV6')!.milestones[0]!;
    expect(nv6.text).toBe(
      'phấn đấu đến hết năm 2027, chính quyền phường được công nhận đạt chuẩn “Chính quyền thân thiện” vì Nhân dân phục vụ',
    );
    const nv7 = plan.tasks.find((t) => t.code === 'NV7')!.milestones[0]!;
    expect(nv7).toMatchObject({ kind: 'yearly', withAnnualReport: true });
    expect(nv7.text).toContain('đề xuất cấp có thẩm quyền xét biểu dương');
    expect(nv7.text).not.toContain('cùng báo cáo năm');
    expect(nv7.note).toMatch(/cách làm của Phòng Văn hóa – Xã hội; Kế hoạch không quy định/);
  });
});
