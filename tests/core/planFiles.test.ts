import { describe, expect, it } from 'vitest';
import { buildPlanSet, formatPlanProblems } from '../../src/core/plan/build';
import type { PlanSource } from '../../src/core/plan/build';
import { shippedSources } from '../helpers/plans';

const ORG = 'plans/don-vi.yaml';
const PLAN = 'plans/168-kh-ubnd.yaml';

/** The shipped files with one of them edited. */
function edited(file: string, edit: (text: string) => string): PlanSource[] {
  return shippedSources().map((s) => (s.file === file ? { ...s, text: edit(s.text) } : s));
}

function problemsOf(sources: PlanSource[]) {
  const r = buildPlanSet(sources);
  if (r.ok) throw new Error('expected the plan files to be refused');
  return r.problems;
}

describe('the shipped plan files', () => {
  it('load without problems', () => {
    const r = buildPlanSet(shippedSources());
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it('hold Plan 168/KH-UBND with its seven appendix tasks and the body tasks marked as such', () => {
    const r = buildPlanSet(shippedSources());
    if (!r.ok) throw new Error('broken');
    const plan = r.planSet.plans[0]!;
    expect(plan).toMatchObject({
      number: '168/KH-UBND',
      issuedOn: '2025-11-14',
      signer: { name: 'Phạm Việt Anh', title: 'Phó Chủ tịch' },
      span: { from: 2025, to: 2030 },
    });
    expect(plan.tasks.filter((t) => t.section === 'appendix').map((t) => t.code)).toEqual([
      'NV1',
      'NV2',
      'NV3',
      'NV4',
      'NV5',
      'NV6',
      'NV7',
    ]);
    expect(plan.tasks.filter((t) => t.section === 'body').map((t) => t.code)).toEqual([
      'II.1.a',
      'II.1.b',
      'II.1.c',
      'II.2',
      'II.3',
    ]);
    expect(plan.tasks.every((t) => t.reported === (t.section === 'appendix'))).toBe(true);
    expect(plan.reporting.duties).toHaveLength(4);
    expect(plan.reporting.sixMonth).toEqual({
      cutoff: { day: 14, month: 6 },
      deadline: { day: 10, month: 6 },
    });
  });
});

describe('a broken plan file is refused with the file, the path and the problem', () => {
  it.each([
    {
      name: 'YAML syntax error',
      sources: edited(PLAN, (t) => t.replace('number: 168/KH-UBND', 'number: [168/KH-UBND')),
      file: PLAN,
      path: /^dòng \d+, cột \d+$/,
      problem: /không phải YAML hợp lệ/,
    },
    {
      name: 'unknown unit in a task',
      sources: edited(PLAN, (t) => t.replace('lead: [vp-hdnd-ubnd]', 'lead: [van-phong]')),
      file: PLAN,
      path: /^tasks\[4\] \(NV5\)\.lead\[0\]$/,
      problem: /không có mã "van-phong" \(các mã có: .*vp-hdnd-ubnd/,
    },
    {
      name: 'missing required field',
      sources: edited(PLAN, (t) => t.replace(/^issued: .*\n/m, '')),
      file: PLAN,
      path: /^issued$/,
      problem: /bắt buộc nhưng đang thiếu/,
    },
    {
      name: 'impossible date',
      sources: edited(PLAN, (t) => t.replace('date: 31/12/2027', 'date: 31/02/2027')),
      file: PLAN,
      path: /^tasks\[5\] \(NV6\)\.milestones\[0\]/,
      problem: /không phải ngày có thật/,
    },
    {
      name: 'deadline written the wrong way',
      sources: edited(PLAN, (t) => t.replace('deadline: 10/06', 'deadline: 2026-06-10')),
      file: PLAN,
      path: /^reporting\.six_month\.deadline$/,
      problem: /dd\/mm/,
    },
    {
      name: 'misspelt field',
      sources: edited(PLAN, (t) =>
        t.replace('timing: Thường xuyên hoặc đột xuất theo đề nghị', 'timming: x\n    timing: y'),
      ),
      file: PLAN,
      path: /^tasks\[0\] \(NV1\)$/,
      problem: /trường không có trong mẫu: timming/,
    },
    {
      name: 'task code used twice',
      sources: edited(PLAN, (t) => t.replace('- code: NV4', '- code: NV3')),
      file: PLAN,
      path: /^tasks\[3\] \(NV3\)\.code$/,
      problem: /bị hai nhiệm vụ cùng dùng/,
    },
    {
      name: 'unit in an unknown group',
      sources: edited(ORG, (t) =>
        t.replace('groups: [luc-luong-vu-trang]\n\n  # Cơ quan', 'groups: [quan-doi]\n\n  # Cơ quan'),
      ),
      file: ORG,
      path: /^units\[6\] \(ban-chqs\)\.groups\[0\]$/,
      problem: /không có mã "quan-doi"/,
    },
    {
      name: 'office that is not a unit',
      sources: edited(ORG, (t) => t.replace('office: phong-vhxh', 'office: phong-vh')),
      file: ORG,
      path: /^office$/,
      problem: /không có mã "phong-vh"/,
    },
    {
      name: 'groups that include each other',
      sources: edited(ORG, (t) =>
        t.replace('name: Các phòng chức năng', 'name: Các phòng chức năng\n    includes: [phong-chuc-nang]'),
      ),
      file: ORG,
      path: /^groups$/,
      problem: /thành vòng: phong-chuc-nang → phong-chuc-nang/,
    },
    {
      name: 'a file that says neither organisation nor plan',
      sources: edited(PLAN, (t) => t.replace('kind: plan', 'kind: ke-hoach')),
      file: PLAN,
      path: /^kind$/,
      problem: /phải là "organisation" hoặc "plan"/,
    },
  ])('$name', ({ sources, file, path, problem }) => {
    const problems = problemsOf(sources);
    expect(problems).toContainEqual({
      file,
      path: expect.stringMatching(path),
      problem: expect.stringMatching(problem),
    });
    const message = formatPlanProblems(problems);
    expect(message).toContain(file);
    expect(message).toMatch(/bot không khởi động khi chưa nạp đủ kế hoạch/);
  });

  it('refuses a folder without the organisation file', () => {
    const problems = problemsOf(shippedSources().filter((s) => s.file !== ORG));
    expect(problems[0]?.problem).toMatch(/kind: organisation/);
  });

  it('collects every problem of a file in one pass', () => {
    const problems = problemsOf(
      edited(PLAN, (t) =>
        t.replace('lead: [vp-hdnd-ubnd]', 'lead: [x-1]').replace('lead: [phong-vhxh]', 'lead: [x-2]'),
      ),
    );
    expect(problems.map((p) => p.problem)).toEqual([
      expect.stringContaining('"x-2"'),
      expect.stringContaining('"x-1"'),
    ]);
  });
});
