import { describe, expect, it } from 'vitest';
import { Responsibility } from '../../src/core/plan/responsibility';
import { shippedPlanSet } from '../helpers/plans';

const planSet = shippedPlanSet();
const plan = planSet.plans[0]!;
const resp = new Responsibility(planSet.organisation, planSet.plans);

const appendix = (codes: { code: string; reported: boolean }[]) =>
  codes.filter((t) => t.reported).map((t) => t.code);
const body = (codes: { code: string; reported: boolean }[]) =>
  codes.filter((t) => !t.reported).map((t) => t.code);

// The appendix of Plan 168 read against the default organisation (DOMAIN.md):
// functional offices = VP HĐND&UBND, Phòng KT-HT-ĐT, Phòng VHXH; public service units = TT PVHCC,
// Trạm Y tế; related units = the armed forces (Công an, Ban CHQS); Party/Front outside the UBND.
describe.each([
  { unit: 'vp-hdnd-ubnd', lead: ['NV3', 'NV5', 'NV7'], coordinate: ['NV1', 'NV4', 'NV6'], reports: true },
  { unit: 'phong-kt-ht-dt', lead: ['NV3', 'NV7'], coordinate: ['NV1', 'NV4', 'NV5', 'NV6'], reports: true },
  {
    unit: 'phong-vhxh',
    lead: ['NV1', 'NV2', 'NV3', 'NV4', 'NV6', 'NV7'],
    coordinate: ['NV5'],
    reports: true,
  },
  { unit: 'tt-phvhcc', lead: ['NV3', 'NV7'], coordinate: ['NV4', 'NV5', 'NV6'], reports: true },
  { unit: 'tram-y-te', lead: ['NV3', 'NV7'], coordinate: ['NV4', 'NV5', 'NV6'], reports: true },
  { unit: 'cong-an', lead: ['NV7'], coordinate: ['NV3', 'NV4', 'NV5', 'NV6'], reports: true },
  { unit: 'ban-chqs', lead: ['NV7'], coordinate: ['NV3', 'NV4', 'NV5', 'NV6'], reports: true },
  { unit: 'ban-xd-dang', lead: [], coordinate: ['NV2', 'NV3', 'NV6', 'NV7'], reports: false },
  { unit: 'mttq', lead: [], coordinate: [], reports: false },
])('$unit', ({ unit, lead, coordinate, reports }) => {
  const tasks = resp.tasksOf(plan, unit);

  it('leads and coordinates exactly the appendix tasks of the plan', () => {
    expect(appendix(tasks.lead)).toEqual(lead);
    expect(appendix(tasks.coordinate)).toEqual(coordinate);
  });

  it('is never listed as coordinating a task it leads', () => {
    const leadCodes = new Set(tasks.lead.map((t) => t.code));
    expect(tasks.coordinate.filter((t) => leadCodes.has(t.code))).toEqual([]);
  });

  it(`${reports ? 'reports' : 'does not report'} to the office`, () => {
    expect(planSet.organisation.units.find((u) => u.id === unit)?.reports).toBe(reports);
    expect(resp.reportingUnits(plan).some((u) => u.id === unit)).toBe(reports);
  });
});

describe('only what the plan says', () => {
  it('gives II.3 to no unit and II.1.c no coordinating units: the plan names none', () => {
    const task = (code: string) => plan.tasks.find((t) => t.code === code)!;
    expect(resp.bodiesOf(task('II.3'))).toEqual({ lead: [], coordinate: [] });
    expect(resp.bodiesOf(task('II.1.c'))).toEqual({ lead: ['phong-vhxh'], coordinate: [] });
    for (const unit of planSet.organisation.units) {
      const { lead, coordinate } = resp.tasksOf(plan, unit.id);
      expect(
        [...lead, ...coordinate].map((t) => t.code),
        unit.id,
      ).not.toContain('II.3');
    }
  });
});

describe('groups', () => {
  it('resolves "các đơn vị liên quan" through the groups it includes', () => {
    expect(resp.resolve(['don-vi-lien-quan'])).toEqual(['cong-an', 'ban-chqs']);
  });

  it('lists the body tasks separately from the reported appendix tasks', () => {
    const tasks = resp.tasksOf(plan, 'phong-kt-ht-dt');
    expect(body(tasks.lead)).toEqual(['II.1.a']);
    expect(body(tasks.coordinate)).toEqual(['II.1.b', 'II.2']);
    expect(resp.reportableTasks(plan, 'phong-kt-ht-dt').map((t) => t.code)).toEqual([
      'NV1',
      'NV3',
      'NV4',
      'NV5',
      'NV6',
      'NV7',
    ]);
  });

  it('gives each task its lead and coordinating units without overlap', () => {
    const nv3 = plan.tasks.find((t) => t.code === 'NV3')!;
    expect(resp.bodiesOf(nv3)).toEqual({
      lead: ['vp-hdnd-ubnd', 'phong-kt-ht-dt', 'phong-vhxh', 'tt-phvhcc', 'tram-y-te'],
      coordinate: ['cong-an', 'ban-chqs', 'ban-xd-dang'],
    });
  });

  it('carries the milestones of tasks 6 and 7', () => {
    const nv6 = plan.tasks.find((t) => t.code === 'NV6')!;
    const nv7 = plan.tasks.find((t) => t.code === 'NV7')!;
    expect(nv6.milestones).toEqual([expect.objectContaining({ kind: 'dated', date: '2027-12-31' })]);
    expect(nv7.milestones).toEqual([expect.objectContaining({ kind: 'yearly' })]);
  });
});
