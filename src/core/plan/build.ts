import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { organisationFile, planFile } from './schema';
import type { OrganisationFile, PlanFile } from './schema';
import type { Group, Organisation, Plan, PlanSet, ReportVariant, Task, Unit } from './types';

/** One problem in one plan file: which file, where inside it, and what is wrong. */
export interface PlanProblem {
  file: string;
  /** Path inside the file, e.g. `tasks[2] (NV3).lead[0]`, or `dòng 4, cột 7` for syntax errors. */
  path: string;
  problem: string;
}

export type PlanSetResult = { ok: true; planSet: PlanSet } | { ok: false; problems: PlanProblem[] };

/** A plan file as read from disk. */
export interface PlanSource {
  file: string;
  text: string;
}

type Parsed =
  | { kind: 'organisation'; file: string; data: OrganisationFile }
  | { kind: 'plan'; file: string; data: PlanFile };

/** Formats problems as one readable message for the administrator. */
export function formatPlanProblems(problems: PlanProblem[]): string {
  const lines = problems.map((p) => `  - ${p.file}: ${p.path ? `${p.path}: ` : ''}${p.problem}`);
  return `Tệp kế hoạch có ${problems.length} lỗi; bot không khởi động khi chưa nạp đủ kế hoạch:\n${lines.join('\n')}`;
}

/**
 * Parses and validates every plan file, then checks the references between them.
 * All problems are collected, so the administrator can fix them in one pass.
 */
export function buildPlanSet(sources: PlanSource[]): PlanSetResult {
  const problems: PlanProblem[] = [];
  const parsed: Parsed[] = [];
  for (const source of sources) {
    const one = parseSource(source, problems);
    if (one) parsed.push(one);
  }
  if (problems.length > 0) return { ok: false, problems };

  const orgs = parsed.filter((p) => p.kind === 'organisation');
  const plans = parsed.filter((p) => p.kind === 'plan');
  if (orgs.length !== 1) {
    const where = orgs.map((o) => o.file).join(', ');
    problems.push({
      file: orgs[1]?.file ?? '(plans folder)',
      path: 'kind',
      problem:
        orgs.length === 0
          ? 'không tệp nào có "kind: organisation": thiếu danh sách đơn vị và nhóm đơn vị của phường'
          : `chỉ một tệp được có "kind: organisation", đang có ${orgs.length}: ${where}`,
    });
  }
  if (plans.length === 0) {
    problems.push({ file: '(plans folder)', path: 'kind', problem: 'không tệp nào có "kind: plan"' });
  }
  const orgFile = orgs[0];
  if (!orgFile || problems.length > 0) return { ok: false, problems };

  const organisation = buildOrganisation(orgFile.file, orgFile.data, problems);
  const knownBodies = new Set([
    ...organisation.units.map((u) => u.id),
    ...organisation.groups.map((g) => g.id),
  ]);
  const planIds = new Map<string, string>();
  const built: Plan[] = [];
  for (const p of plans) {
    const other = planIds.get(p.data.id);
    if (other)
      problems.push({ file: p.file, path: 'id', problem: `mã kế hoạch "${p.data.id}" đã dùng ở ${other}` });
    planIds.set(p.data.id, p.file);
    built.push(buildPlan(p.file, p.data, knownBodies, problems));
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, planSet: { organisation, plans: built } };
}

function parseSource(source: PlanSource, problems: PlanProblem[]): Parsed | null {
  const doc = parseDocument(source.text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      problems.push({
        file: source.file,
        path: pos ? `dòng ${pos.line}, cột ${pos.col}` : '',
        problem: `không phải YAML hợp lệ: ${err.message.split('\n')[0]}`,
      });
    }
    return null;
  }
  const data: unknown = doc.toJS();
  const kind = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).kind : undefined;
  if (kind === 'organisation') {
    const r = organisationFile.safeParse(data);
    if (r.success) return { kind, file: source.file, data: r.data };
    pushZodProblems(source.file, data, r.error, problems);
  } else if (kind === 'plan') {
    const r = planFile.safeParse(data);
    if (r.success) return { kind, file: source.file, data: r.data };
    pushZodProblems(source.file, data, r.error, problems);
  } else {
    problems.push({
      file: source.file,
      path: 'kind',
      problem: 'phải là "organisation" hoặc "plan" (dòng đầu của mỗi tệp cho biết tệp là loại nào)',
    });
  }
  return null;
}

function pushZodProblems(file: string, data: unknown, error: z.ZodError, problems: PlanProblem[]): void {
  for (const issue of error.issues) {
    problems.push({ file, path: formatPath(data, issue.path), problem: describeIssue(issue) });
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'bắt buộc nhưng đang thiếu';
  if (issue.code === 'unrecognized_keys') return `trường không có trong mẫu: ${issue.keys.join(', ')}`;
  return issue.message;
}

/** `tasks[2] (NV3).lead[0]`: array indices, with the code or id of the element where it has one. */
function formatPath(data: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = data;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const label = labelOf(node);
      if (label) out += ` (${label})`;
    } else {
      out += `${out ? '.' : ''}${String(key)}`;
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[String(key)]
          : undefined;
    }
  }
  return out;
}

function labelOf(node: unknown): string | null {
  if (typeof node !== 'object' || node === null) return null;
  const rec = node as Record<string, unknown>;
  const label = rec.code ?? rec.id;
  return typeof label === 'string' ? label : null;
}

function buildOrganisation(file: string, data: OrganisationFile, problems: PlanProblem[]): Organisation {
  const groupIds = new Set<string>();
  data.groups.forEach((g, i) => {
    if (groupIds.has(g.id))
      problems.push({ file, path: `groups[${i}] (${g.id}).id`, problem: 'bị dùng hai lần' });
    groupIds.add(g.id);
  });
  data.groups.forEach((g, i) =>
    g.includes.forEach((inc, j) => {
      if (!groupIds.has(inc)) {
        problems.push({
          file,
          path: `groups[${i}] (${g.id}).includes[${j}]`,
          problem: unknownRef(inc, groupIds),
        });
      }
    }),
  );
  const groups: Group[] = data.groups.map((g) => ({ ...g }));
  const cycle = findIncludeCycle(groups);
  if (cycle)
    problems.push({
      file,
      path: 'groups',
      problem: `các nhóm chứa lẫn nhau thành vòng: ${cycle.join(' → ')}`,
    });

  const unitIds = new Set<string>();
  const reportingGroups = new Set(groups.filter((g) => g.reports).map((g) => g.id));
  const units: Unit[] = data.units.map((u, i) => {
    const at = `units[${i}] (${u.id})`;
    if (unitIds.has(u.id)) problems.push({ file, path: `${at}.id`, problem: 'bị dùng hai lần' });
    if (groupIds.has(u.id)) problems.push({ file, path: `${at}.id`, problem: 'đã là mã của một nhóm' });
    unitIds.add(u.id);
    u.groups.forEach((g, j) => {
      if (!groupIds.has(g))
        problems.push({ file, path: `${at}.groups[${j}]`, problem: unknownRef(g, groupIds) });
    });
    return {
      id: u.id,
      name: u.name,
      short: u.short,
      aliases: u.aliases,
      groups: u.groups,
      reports: u.reports ?? u.groups.some((g) => reportingGroups.has(g)),
      isDefault: u.default,
    };
  });
  if (!unitIds.has(data.office))
    problems.push({ file, path: 'office', problem: unknownRef(data.office, unitIds) });

  return {
    ward: {
      name: data.ward.name,
      authority: data.ward.authority,
      place: data.ward.place,
      timeZone: data.ward.time_zone,
    },
    officeUnitId: data.office,
    groups,
    units,
    calendar: buildCalendar(file, data.calendar, problems),
    sourceFile: file,
  };
}

function buildCalendar(
  file: string,
  cal: OrganisationFile['calendar'],
  problems: PlanProblem[],
): Organisation['calendar'] {
  const tetBreaks: Record<number, { from: string; to: string }> = {};
  for (const [key, range] of Object.entries(cal.tet_break)) {
    const year = Number(key);
    const at = `calendar.tet_break.${key}`;
    const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000;
    if (!range.from.startsWith(`${key}-`) || !range.to.startsWith(`${key}-`))
      problems.push({ file, path: at, problem: `các ngày nghỉ Tết phải thuộc năm ${key}` });
    else if (days < 0) problems.push({ file, path: at, problem: '"to" phải từ ngày "from" trở đi' });
    else if (days > 15)
      problems.push({ file, path: at, problem: `${days + 1} ngày nghỉ Tết: quá dài, kiểm tra lại ngày` });
    else tetBreaks[year] = range;
  }
  const nationalDayExtra: Record<number, string> = {};
  for (const [key, date] of Object.entries(cal.national_day_extra)) {
    if (date !== `${key}-09-01` && date !== `${key}-09-03`)
      problems.push({
        file,
        path: `calendar.national_day_extra.${key}`,
        problem: `ngày nghỉ liền kề Quốc khánh năm ${key} phải là 01/09/${key} hoặc 03/09/${key}`,
      });
    else nationalDayExtra[Number(key)] = date;
  }
  return {
    workStart: cal.work_start,
    workEnd: cal.work_end,
    extraDaysOff: cal.extra_days_off,
    extraWorkingDays: cal.extra_working_days,
    holidays: {
      tetBreaks,
      nationalDayExtra,
      added: cal.holidays.map((h) => ({
        month: h.date.month,
        day: h.date.day,
        name: h.name,
        fromYear: h.from_year,
      })),
    },
  };
}

function findIncludeCycle(groups: Group[]): string[] | null {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const inc of byId.get(id)?.includes ?? []) {
      const c = visit(inc);
      if (c) return c;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const g of groups) {
    const c = visit(g.id);
    if (c) return c;
  }
  return null;
}

function buildPlan(file: string, data: PlanFile, knownBodies: Set<string>, problems: PlanProblem[]): Plan {
  if (data.span.from > data.span.to) {
    problems.push({
      file,
      path: 'span',
      problem: `"from" (${data.span.from}) sau "to" (${data.span.to})`,
    });
  }
  const codes = new Set<string>();
  const tasks: Task[] = data.tasks.map((t, i) => {
    const at = `tasks[${i}] (${t.code})`;
    if (codes.has(t.code)) problems.push({ file, path: `${at}.code`, problem: 'bị hai nhiệm vụ cùng dùng' });
    codes.add(t.code);
    for (const field of ['lead', 'coordinate'] as const) {
      t[field].forEach((b, j) => {
        if (!knownBodies.has(b))
          problems.push({ file, path: `${at}.${field}[${j}]`, problem: unknownRef(b, knownBodies) });
      });
    }
    const reported = t.reported ?? t.section === 'appendix';
    if (reported && t.lead.length === 0)
      problems.push({ file, path: `${at}.lead`, problem: 'phải có ít nhất một cơ quan chủ trì' });
    return {
      code: t.code,
      section: t.section,
      title: t.title,
      text: t.text,
      form: t.form ?? null,
      timing: t.timing,
      adhoc: t.adhoc,
      lead: t.lead,
      coordinate: t.coordinate,
      leadAsWritten: t.lead_as_written ?? null,
      coordinateAsWritten: t.coordinate_as_written ?? null,
      reading: t.reading ?? null,
      milestones: t.milestones.map((m) =>
        m.date !== undefined
          ? { kind: 'dated' as const, date: m.date, text: m.text, note: m.note ?? null }
          : {
              kind: 'yearly' as const,
              text: m.text,
              withAnnualReport: m.with_annual_report,
              note: m.note ?? null,
            },
      ),
      reported,
    };
  });
  const r = data.reporting;
  return {
    id: data.id,
    number: data.number,
    title: data.title,
    issuer: data.issuer,
    issuedOn: data.issued,
    signer: data.signer,
    summary: data.summary,
    criterion: data.criterion ?? null,
    span: data.span,
    reporting: {
      duties: r.duties,
      sixMonth: r.six_month,
      annual: r.annual,
      remindBeforeDays: [...new Set(r.remind_before_days)].sort((a, b) => b - a),
      overdueAfterDays: [...new Set(r.overdue_after_days)].sort((a, b) => a - b),
      digest: {
        weekday: r.digest.weekday,
        windowBeforeDays: r.digest.window_before_days,
        windowAfterDays: r.digest.window_after_days,
        afterDeadline: r.digest.after_deadline,
      },
    },
    compiledReport: {
      ward: reportVariant(r.compiled_report.ward),
      office: reportVariant(r.compiled_report.office),
    },
    tasks,
    sourceFile: file,
  };
}

function reportVariant(v: PlanFile['reporting']['compiled_report']['ward']): ReportVariant {
  return {
    parent: v.parent ?? null,
    issuer: v.issuer ?? null,
    symbol: v.symbol,
    recipients: v.recipients,
    signer: v.signer,
    signerName: v.signer_name,
  };
}

function unknownRef(ref: string, known: Set<string>): string {
  const list = [...known].sort().join(', ');
  return `không có mã "${ref}" (các mã có: ${list})`;
}
