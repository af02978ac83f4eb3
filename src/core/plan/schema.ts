import { z } from 'zod';

// Messages of zod's own checks in Vietnamese, like ours: the office edits these files.
z.config(z.locales.vi());

/** Schemas of the human-editable plan files. Field names are snake_case, as people write YAML. */

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ "phong-vhxh"',
  );
const text = z.string().trim().min(1, 'không được để trống');
const names = z.array(text).default([]);

const dayMonth = z
  .string()
  .regex(/^\d{1,2}\/\d{1,2}$/, 'phải là ngày và tháng dạng dd/mm, ví dụ "10/06"')
  .transform((s, ctx) => {
    const [d, m] = s.split('/').map(Number) as [number, number];
    if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(2001, m, 0)).getUTCDate()) {
      ctx.addIssue({ code: 'custom', message: `"${s}" không phải ngày có thật trong năm` });
      return z.NEVER;
    }
    return { day: d, month: m };
  });

/** A date written dd/mm/yyyy, as Vietnamese documents do; becomes ISO `YYYY-MM-DD`. */
export const vnDate = z
  .string()
  .regex(/^\d{1,2}\/\d{1,2}\/\d{4}$/, 'phải là ngày dạng dd/mm/yyyy, ví dụ "31/12/2027"')
  .transform((s, ctx) => {
    const [d, m, y] = s.split('/').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      ctx.addIssue({ code: 'custom', message: `"${s}" không phải ngày có thật` });
      return z.NEVER;
    }
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  });

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'phải là giờ dạng HH:MM, ví dụ "08:00"');

/** A setting that may be absent or left empty (`key:` with nothing after it): its empty value. */
const orEmpty = <T extends z.ZodType>(empty: z.input<T>, schema: T) =>
  z.preprocess((v) => (v === undefined || v === null ? empty : v), schema);

const yearKey = z.string().regex(/^\d{4}$/, 'phải là một năm, ví dụ 2027');

const calendar = z.strictObject({
  work_start: clock.default('08:00'),
  work_end: clock.default('17:00'),
  // A key left with every line commented out is empty (null in YAML), not an error.
  tet_break: orEmpty({}, z.record(yearKey, z.strictObject({ from: vnDate, to: vnDate }))),
  national_day_extra: orEmpty({}, z.record(yearKey, vnDate)),
  holidays: orEmpty(
    [],
    z.array(
      z.strictObject({
        date: dayMonth,
        name: text,
        from_year: z.number().int().min(2000).max(2100),
      }),
    ),
  ),
  extra_days_off: z.array(vnDate).default([]),
  extra_working_days: z.array(vnDate).default([]),
});

export const organisationFile = z.strictObject({
  kind: z.literal('organisation'),
  ward: z.strictObject({
    name: text,
    authority: text,
    place: text,
    time_zone: text.default('Asia/Ho_Chi_Minh'),
  }),
  office: id,
  calendar: calendar.default({
    work_start: '08:00',
    work_end: '17:00',
    tet_break: {},
    national_day_extra: {},
    holidays: [],
    extra_days_off: [],
    extra_working_days: [],
  }),
  groups: z
    .array(
      z.strictObject({
        id,
        name: text,
        aliases: names,
        includes: z.array(id).default([]),
        reports: z.boolean().default(false),
        supervises: z.boolean().default(false),
      }),
    )
    .min(1, 'phải có ít nhất một nhóm'),
  units: z
    .array(
      z.strictObject({
        id,
        name: text,
        short: text,
        aliases: names,
        groups: z.array(id).default([]),
        reports: z.boolean().optional(),
        default: z.boolean().default(false),
      }),
    )
    .min(1, 'phải có ít nhất một đơn vị'),
});
export type OrganisationFile = z.output<typeof organisationFile>;

const periodRule = z.strictObject({ cutoff: dayMonth, deadline: dayMonth });

const milestone = z
  .strictObject({
    date: vnDate.optional(),
    yearly: z.literal(true).optional(),
    text,
    with_annual_report: z.boolean().default(false),
    note: text.optional(),
  })
  .refine((m) => (m.date === undefined) !== (m.yearly === undefined), {
    message: 'cần "date: dd/mm/yyyy" hoặc "yearly: true"',
  });

/** One variant of the compiled report (Nghị định 30/2020, Phụ lục I): who issues it, where it goes, who signs. */
const reportVariant = z.strictObject({
  parent: text.optional(),
  issuer: text.optional(),
  symbol: text,
  recipients: z.array(text).min(1, 'phải có ít nhất một nơi nhận'),
  signer: z.array(text).min(1, 'phải có ít nhất một dòng chức vụ người ký'),
  signer_name: z.string().trim().default(''),
});

export const planFile = z.strictObject({
  kind: z.literal('plan'),
  id,
  number: text,
  title: text,
  issuer: text,
  issued: vnDate,
  signer: z.strictObject({ name: text, title: text }),
  summary: text,
  criterion: z.strictObject({ section: text, text }).optional(),
  span: z.strictObject({
    from: z.number().int().min(2000).max(2100),
    to: z.number().int().min(2000).max(2100),
  }),
  reporting: z.strictObject({
    duties: z.array(text).default([]),
    six_month: periodRule,
    annual: periodRule,
    remind_before_days: z.array(z.number().int().min(0).max(60)).default([14, 7, 3, 1, 0]),
    overdue_after_days: z.array(z.number().int().min(1).max(60)).default([1, 3, 7]),
    digest: z
      .strictObject({
        weekday: z.number().int().min(1).max(7).default(1),
        window_before_days: z.number().int().min(0).max(60).default(14),
        window_after_days: z.number().int().min(0).max(60).default(14),
        after_deadline: z.boolean().default(true),
      })
      .default({ weekday: 1, window_before_days: 14, window_after_days: 14, after_deadline: true }),
    compiled_report: z.strictObject({ ward: reportVariant, office: reportVariant }).default({
      ward: {
        symbol: 'BC-UBND',
        recipients: ['Sở Nội vụ', 'Lưu: VT, VHXH'],
        signer: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'],
        signer_name: '',
      },
      office: {
        issuer: 'Phòng Văn hóa – Xã hội',
        symbol: 'BC-VHXH',
        recipients: ['UBND phường (để báo cáo)', 'Lưu: VHXH'],
        signer: ['TRƯỞNG PHÒNG'],
        signer_name: '',
      },
    }),
  }),
  tasks: z
    .array(
      z.strictObject({
        code: z
          .string()
          .regex(
            /^(NV[1-9]\d?|[IVX]+(\.\d+)*(\.[a-z])?)$/,
            'phải là NV1…NV99 (phụ lục) hoặc một mục như "II.1.a"',
          ),
        section: z.enum(['appendix', 'body']).default('appendix'),
        title: text,
        text,
        timing: text,
        form: text.optional(),
        adhoc: z.boolean().default(false),
        lead: z.array(id).default([]),
        coordinate: z.array(id).default([]),
        lead_as_written: text.optional(),
        coordinate_as_written: text.optional(),
        reading: text.optional(),
        milestones: z.array(milestone).default([]),
        reported: z.boolean().optional(),
      }),
    )
    .min(1, 'phải có ít nhất một nhiệm vụ'),
});
export type PlanFile = z.output<typeof planFile>;
