/**
 * Replays the corpus (`replies.yaml`, `holdout.yaml`, `fresh.yaml`, `chatter.yaml`, `fresh-chatter.yaml`,
 * `questions.yaml`) through the real bot on a real SQLite file, and measures what it recorded and answered. Used by the corpus test and by `npm run bench`.
 * Each message (with the messages it needs before it) runs inside a transaction that is rolled back, so
 * every entry meets the same database: the bot's own transaction nests in it as a savepoint.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { hp, WardBot } from '../helpers/wardBot';

const HERE = import.meta.dirname;
const PLAN = 'kh-168-2025';

/** The corpus's short names of the units. */
export const UNITS = {
  vp: 'vp-hdnd-ubnd',
  kt: 'phong-kt-ht-dt',
  vhxh: 'phong-vhxh',
  pvhcc: 'tt-phvhcc',
  yte: 'tram-y-te',
  ca: 'cong-an',
  qs: 'ban-chqs',
} as const;
type UnitKey = keyof typeof UNITS;
const unitKey = z.enum(Object.keys(UNITS) as [UnitKey, ...UnitKey[]]);
const expected = z.enum(['done', 'in_progress', 'not_started', 'not_applicable', 'ask']);
/** Local time in Hải Phòng, "2026-12-04 09:00". */
const localTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

const replySchema = z.strictObject({
  id: z.string(),
  unit: unitKey,
  at: localTime.optional(),
  before: z.array(z.string()).optional(),
  reply_to: z
    .string()
    .regex(/^reminder:(6T|N)-\d{4}$/)
    .optional(),
  text: z.string(),
  period: z.string().regex(/^(?:6T|N)-\d{4}$|^ask$/),
  tasks: z.record(z.string().regex(/^NV\d+$/), expected),
  note: z.string().optional(),
});
const chatterSchema = z.strictObject({
  id: z.string(),
  unit: unitKey,
  text: z.string(),
  note: z.string().optional(),
});
const questionSchema = z.strictObject({
  id: z.string(),
  chat: z.union([z.enum(['office', 'leader']), unitKey]),
  text: z.string(),
  expect: z.strictObject({
    outcome: z.union([z.string(), z.array(z.string())]),
    contains: z.array(z.string()).optional(),
    not_contains: z.array(z.string()).optional(),
    adhoc: z
      .strictObject({ deadline: z.string(), tasks: z.array(z.string()), units: z.array(unitKey) })
      .optional(),
    nudged: z.array(unitKey).optional(),
    audit: z.literal('refused').optional(),
  }),
});
export type ReplyCase = z.infer<typeof replySchema>;
export type ChatterCase = z.infer<typeof chatterSchema>;
export type QuestionCase = z.infer<typeof questionSchema>;

function load<T>(file: string, schema: z.ZodType<T>): T[] {
  const data: unknown = parse(readFileSync(join(HERE, file), 'utf8'));
  return z.array(schema).parse(data);
}

export function loadCorpus() {
  return {
    replies: load('replies.yaml', replySchema),
    holdout: load('holdout.yaml', replySchema),
    /** Written blind to the reader (its author had not seen it nor the other corpus files). */
    fresh: load('fresh.yaml', replySchema),
    chatter: load('chatter.yaml', chatterSchema),
    freshChatter: load('fresh-chatter.yaml', chatterSchema),
    /** Written blind to the reader and to the other corpora, measured once the reader was done. */
    blind: load('blind.yaml', replySchema),
    blindChatter: load('blind-chatter.yaml', chatterSchema),
    /** The second blind set, written once the reader was done and measured once. */
    blind2: load('blind2.yaml', replySchema),
    blind2Chatter: load('blind2-chatter.yaml', chatterSchema),
    questions: load('questions.yaml', questionSchema),
  };
}

const DEFAULT_AT = '2026-06-03 09:00';
const at = (local: string | undefined): Date => hp(local ?? DEFAULT_AT);

export type Mode = 'direct' | 'group';

/** What one reply came to, in one mode. */
export interface ReplyResult {
  id: string;
  mode: Mode;
  /** Task → what was read right, recorded wrong, or not recorded (asked). */
  tasks: { task: string; expected: string; got: string | null; verdict: 'right' | 'wrong' | 'missed' }[];
  /** Tasks the reply does not report that got a status anyway. */
  extra: string[];
  period: string | null;
  periodWrong: boolean;
  outcome: string;
  reply: string;
}

export interface ShareFigures {
  tasks: number;
  right: number;
  wrong: number;
  missed: number;
  periodsWrong: number;
  replies: number;
}

export type ReplyFigures = Record<Mode, ShareFigures> & { results: ReplyResult[] };

export interface ChatterFigures {
  messages: number;
  recorded: { id: string; mode: Mode; outcome: string }[];
  answeredInGroup: { id: string; outcome: string; reply: string }[];
}

export interface CorpusFigures {
  replies: ReplyFigures;
  /** Replies written after the reader was changed, never used to change it. */
  holdout: ReplyFigures;
  /** Replies written blind to the reader, by someone who had not seen it. */
  fresh: ReplyFigures;
  chatter: ChatterFigures;
  /** Chatter written blind to the reader, with `fresh`. */
  freshChatter: ChatterFigures;
  /** Replies and chatter written blind to the reader and to the other corpora. */
  blind: ReplyFigures;
  blindChatter: ChatterFigures;
  blind2: ReplyFigures;
  blind2Chatter: ChatterFigures;
  questions: {
    total: number;
    asMeant: number;
    failures: { id: string; outcome: string; reply: string; why: string }[];
  };
}

type Harness = WardBot;

function bindChats(h: Harness): void {
  for (const [key, unitId] of Object.entries(UNITS)) {
    if (key === 'vhxh') continue;
    h.bind(`corpus:d:${key}`, 'direct', 'unit', unitId);
    h.bind(`corpus:g:${key}`, 'group', 'unit', unitId, `Nhóm ${key}`);
  }
  h.bind('corpus:office', 'group', 'office', UNITS.vhxh, 'Phòng VHXH');
  h.bind('corpus:leader', 'group', 'leader', null, 'Lãnh đạo phường');
}

function maxId(h: Harness, table: string): number {
  return h.db.prepare<[], number>(`SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get() ?? 0;
}

/** The report revision a message created, with the one before it of the same unit and period. */
function revisionOf(h: Harness, key: string) {
  const report = h.db
    .prepare<[string], { id: number; period_id: string; unit_id: string; revision: number }>(
      `SELECT r.id, r.period_id, r.unit_id, r.revision FROM reports r
       JOIN inbound i ON i.id = r.inbound_id WHERE i.dedupe_key = ?`,
    )
    .get(key);
  if (!report) return null;
  const items = (reportId: number | undefined) =>
    new Map(
      reportId === undefined
        ? []
        : h.db
            .prepare<[number], { task_code: string; status: string | null; result: string }>(
              'SELECT task_code, status, result FROM report_items WHERE report_id = ?',
            )
            .all(reportId)
            .map((i) => [i.task_code, i] as const),
    );
  const previous = h.db
    .prepare<[string, string, number], number>(
      'SELECT id FROM reports WHERE period_id = ? AND unit_id = ? AND revision = ?',
    )
    .pluck()
    .get(report.period_id, report.unit_id, report.revision - 1);
  return { periodId: report.period_id, items: items(report.id), previous: items(previous) };
}

function replayReply(h: Harness, c: ReplyCase, mode: Mode): ReplyResult {
  return h.isolated(() => {
    h.now = at(c.at);
    const chat = `corpus:${mode === 'direct' ? 'd' : 'g'}:${c.unit}`;
    for (const text of c.before ?? []) h.say(chat, text);
    let replyTo: string | undefined;
    if (c.reply_to) {
      replyTo = `bot-message-${c.id}`;
      h.app.deps.refs.save(
        chat,
        replyTo,
        {
          kind: 'reminder',
          periodId: `${PLAN}/${c.reply_to.slice('reminder:'.length)}`,
          unitId: UNITS[c.unit],
          taskCode: null,
        },
        h.now,
      );
    }
    // In a group the bot sees every message (Zalo; Telegram without privacy mode); a quote of the
    // bot's own message is addressed to it.
    const sent = h.say(chat, c.text, { replyTo });
    const rev = revisionOf(h, sent.key);
    // What this message changed: a line carried over from the earlier revision was not read now.
    const changed = new Map<string, string | null>();
    for (const [code, item] of rev?.items ?? []) {
      const before = rev?.previous.get(code);
      if (!before || before.status !== item.status || before.result !== item.result)
        changed.set(code, item.status);
    }
    const tasks = Object.entries(c.tasks).map(([task, want]) => {
      const got = changed.get(task) ?? null;
      const verdict: 'right' | 'wrong' | 'missed' =
        want === 'ask'
          ? got === null
            ? 'right'
            : 'wrong'
          : got === want
            ? 'right'
            : got === null
              ? 'missed'
              : 'wrong';
      return { task, expected: want, got, verdict };
    });
    const extra = [...changed].filter(([code, s]) => s !== null && !(code in c.tasks)).map(([code]) => code);
    const period = rev ? rev.periodId.slice(PLAN.length + 1) : null;
    return {
      id: c.id,
      mode,
      tasks,
      extra,
      period,
      periodWrong: period !== null && period !== c.period,
      outcome: sent.outcome,
      reply: sent.reply,
    };
  });
}

function shares(results: ReplyResult[]): ShareFigures {
  const all = results.flatMap((r) => r.tasks);
  return {
    tasks: all.length,
    right: all.filter((t) => t.verdict === 'right').length,
    wrong: all.filter((t) => t.verdict === 'wrong').length + results.reduce((n, r) => n + r.extra.length, 0),
    missed: all.filter((t) => t.verdict === 'missed').length,
    periodsWrong: results.filter((r) => r.periodWrong).length,
    replies: results.length,
  };
}

/** Replays replies in both modes; the shares per mode. */
function replayReplies(h: Harness, cases: ReplyCase[]): ReplyFigures {
  const results = cases.flatMap((c) => [replayReply(h, c, 'direct'), replayReply(h, c, 'group')]);
  return {
    direct: shares(results.filter((r) => r.mode === 'direct')),
    group: shares(results.filter((r) => r.mode === 'group')),
    results,
  };
}

/** Sends each chatter line unaddressed in the unit's group, then in its direct chat. */
function replayChatter(h: Harness, lines: ChatterCase[]): ChatterFigures {
  const recorded: ChatterFigures['recorded'] = [];
  const answeredInGroup: ChatterFigures['answeredInGroup'] = [];
  for (const c of lines) {
    for (const mode of ['group', 'direct'] as const) {
      h.isolated(() => {
        h.now = at(undefined);
        const reportsBefore = maxId(h, 'reports');
        const difficultiesBefore = maxId(h, 'difficulties');
        const group = mode === 'group';
        const sent = h.say(`corpus:${group ? 'g' : 'd'}:${c.unit}`, c.text);
        if (maxId(h, 'reports') > reportsBefore || maxId(h, 'difficulties') > difficultiesBefore)
          recorded.push({ id: c.id, mode, outcome: sent.outcome });
        if (group && sent.reply) answeredInGroup.push({ id: c.id, outcome: sent.outcome, reply: sent.reply });
      });
    }
  }
  return { messages: lines.length, recorded, answeredInGroup };
}

/** Reports that exist before the questions are asked, so the answers have something to show. */
const SEED: [UnitKey, string][] = [
  ['kt', 'NV3: hoàn thành\nNV7: đang thực hiện'],
  ['yte', 'NV3: hoàn thành'],
  ['ca', 'NV7: hoàn thành'],
];

function askQuestion(
  h: Harness,
  q: QuestionCase,
): { ok: boolean; outcome: string; reply: string; why: string } {
  return h.isolated(() => {
    h.now = at(undefined);
    const chat = q.chat === 'office' || q.chat === 'leader' ? `corpus:${q.chat}` : `corpus:d:${q.chat}`;
    const auditBefore = maxId(h, 'audit');
    // The office and the leaders type in their groups, where the bot sees every message.
    const sent = h.say(chat, q.text, { addressed: q.text.startsWith('/') ? true : undefined });
    const problems: string[] = [];
    const outcomes = Array.isArray(q.expect.outcome) ? q.expect.outcome : [q.expect.outcome];
    if (!outcomes.some((o) => sent.outcome.startsWith(o))) problems.push(`outcome ${sent.outcome}`);
    for (const s of q.expect.contains ?? []) if (!sent.reply.includes(s)) problems.push(`lacks "${s}"`);
    for (const s of q.expect.not_contains ?? []) if (sent.reply.includes(s)) problems.push(`has "${s}"`);
    if (q.expect.adhoc) {
      const row = h.db
        .prepare<[], { deadline_on: string; task_codes: string; unit_ids: string }>(
          "SELECT deadline_on, task_codes, unit_ids FROM periods WHERE kind = 'adhoc' ORDER BY created_at DESC, number DESC LIMIT 1",
        )
        .get();
      const want = q.expect.adhoc;
      if (!row) problems.push('no ad-hoc period');
      else {
        const units = (JSON.parse(row.unit_ids) as string[]).sort();
        const tasks = JSON.parse(row.task_codes) as string[];
        if (row.deadline_on !== want.deadline) problems.push(`deadline ${row.deadline_on}`);
        if (tasks.join() !== want.tasks.join()) problems.push(`tasks ${tasks.join()}`);
        if (
          units.join() !==
          want.units
            .map((u) => UNITS[u])
            .sort()
            .join()
        )
          problems.push(`units ${units.join()}`);
      }
    }
    const audits = h.db
      .prepare<[number], { action: string; detail: string }>('SELECT action, detail FROM audit WHERE id > ?')
      .all(auditBefore);
    if (q.expect.nudged) {
      const nudge = audits.find((a) => a.action === 'nudge');
      const units = nudge ? ((JSON.parse(nudge.detail) as { units: string[] }).units ?? []).sort() : [];
      if (
        units.join() !==
        q.expect.nudged
          .map((u) => UNITS[u])
          .sort()
          .join()
      )
        problems.push(`nudged ${units.join()}`);
    }
    if (q.expect.audit && !audits.some((a) => a.action === q.expect.audit)) problems.push('not audited');
    return { ok: problems.length === 0, outcome: sent.outcome, reply: sent.reply, why: problems.join('; ') };
  });
}

/** Replays the whole corpus in a temporary database and returns the figures. */
export function replayCorpus(): CorpusFigures {
  const corpus = loadCorpus();
  const h = WardBot.start(at(undefined));
  bindChats(h);
  try {
    const replies = replayReplies(h, corpus.replies);
    const holdout = replayReplies(h, corpus.holdout);
    const fresh = replayReplies(h, corpus.fresh);
    const chatter = replayChatter(h, corpus.chatter);
    const freshChatter = replayChatter(h, corpus.freshChatter);
    const blind = replayReplies(h, corpus.blind);
    const blindChatter = replayChatter(h, corpus.blindChatter);
    const blind2 = replayReplies(h, corpus.blind2);
    const blind2Chatter = replayChatter(h, corpus.blind2Chatter);

    for (const [unit, text] of SEED) h.say(`corpus:d:${unit}`, text);
    const failures: CorpusFigures['questions']['failures'] = [];
    for (const q of corpus.questions) {
      const r = askQuestion(h, q);
      if (!r.ok) failures.push({ id: q.id, outcome: r.outcome, reply: r.reply, why: r.why });
    }

    return {
      replies,
      holdout,
      fresh,
      chatter,
      freshChatter,
      blind,
      blindChatter,
      blind2,
      blind2Chatter,
      questions: {
        total: corpus.questions.length,
        asMeant: corpus.questions.length - failures.length,
        failures,
      },
    };
  } finally {
    h.close();
  }
}

const pct = (n: number, d: number) => `${d === 0 ? '0.0' : ((100 * n) / d).toFixed(1)} %`;

/** The figures as a small table, the way the README shows them. */
export function formatFigures(f: CorpusFigures): string {
  const row = (name: string, direct: string, group: string, target: string) =>
    `${name.padEnd(52)} ${direct.padEnd(18)} ${group.padEnd(18)} ${target}`;
  // The sets written blind are measured only: their shares have no target.
  const measuredReplies = (name: string, set: ReplyFigures) => {
    const share = (m: Mode, n: 'right' | 'wrong') => `${pct(set[m][n], set[m].tasks)} (${set[m][n]})`;
    return [
      row(
        `${name} replies: read right (${set.direct.tasks} tasks, ${set.direct.replies} replies)`,
        share('direct', 'right'),
        share('group', 'right'),
        'not set',
      ),
      row(
        `${name} replies: recorded wrong (rather than asked)`,
        share('direct', 'wrong'),
        share('group', 'wrong'),
        'not set',
      ),
      row(
        `${name} replies: periods filed wrong`,
        String(set.direct.periodsWrong),
        String(set.group.periodsWrong),
        'not set',
      ),
    ];
  };
  const measuredChatter = (name: string, set: ChatterFigures) => [
    row(
      `${name} chatter recorded as a report (${set.messages} messages)`,
      String(set.recorded.filter((r) => r.mode === 'direct').length),
      String(set.recorded.filter((r) => r.mode === 'group').length),
      'not set',
    ),
    row(`${name} chatter the bot answered in the group`, '', String(set.answeredInGroup.length), 'not set'),
  ];
  const { direct: d, group: g } = f.replies;
  return [
    row('share', 'direct chat', 'unit group', 'target'),
    row(
      `task statuses read right (${d.tasks} tasks, ${d.replies} replies)`,
      `${pct(d.right, d.tasks)} (${d.right})`,
      `${pct(g.right, g.tasks)} (${g.right})`,
      '≥ 90 %',
    ),
    row(
      'task statuses recorded wrong (rather than asked)',
      `${pct(d.wrong, d.tasks)} (${d.wrong})`,
      `${pct(g.wrong, g.tasks)} (${g.wrong})`,
      '≤ 2 %',
    ),
    row('task statuses asked or not recorded', `${pct(d.missed, d.tasks)}`, `${pct(g.missed, g.tasks)}`, ''),
    row('periods filed wrong', String(d.periodsWrong), String(g.periodsWrong), '0'),
    row(
      `held-out replies: read right / wrong (${f.holdout.direct.tasks} tasks)`,
      `${pct(f.holdout.direct.right, f.holdout.direct.tasks)} / ${pct(f.holdout.direct.wrong, f.holdout.direct.tasks)}`,
      `${pct(f.holdout.group.right, f.holdout.group.tasks)} / ${pct(f.holdout.group.wrong, f.holdout.group.tasks)}`,
      '',
    ),
    ...measuredReplies('fresh', f.fresh),
    ...measuredReplies('blind', f.blind),
    ...measuredChatter('blind', f.blindChatter),
    ...measuredReplies('second blind', f.blind2),
    ...measuredChatter('second blind', f.blind2Chatter),
    row(
      `chatter recorded as a report (${f.chatter.messages} messages)`,
      String(f.chatter.recorded.filter((r) => r.mode === 'direct').length),
      String(f.chatter.recorded.filter((r) => r.mode === 'group').length),
      '0',
    ),
    row('chatter the bot answered in the group', '', String(f.chatter.answeredInGroup.length), '0'),
    ...measuredChatter('fresh', f.freshChatter),
    row(
      `questions and commands answered as meant (${f.questions.total})`,
      pct(f.questions.asMeant, f.questions.total),
      '',
      '≥ 90 %',
    ),
  ].join('\n');
}

/**
 * Every task status of a set of replies that was not read right, one line each: the entry, the mode, the
 * task, what was expected and what the bot did ("recorded X" or "asked"); then tasks recorded that the
 * reply does not report, and periods filed wrong.
 */
export function formatMisses(f: ReplyFigures): string {
  const lines: string[] = [];
  for (const r of f.results) {
    for (const t of r.tasks) {
      if (t.verdict === 'right') continue;
      lines.push(
        `${r.id} ${r.mode} ${t.task}: expected ${t.expected}, ${t.got ? `recorded ${t.got}` : 'asked'}`,
      );
    }
    for (const task of r.extra) lines.push(`${r.id} ${r.mode} ${task}: not reported, recorded anyway`);
    if (r.periodWrong) lines.push(`${r.id} ${r.mode}: filed in ${r.period}`);
  }
  return lines.join('\n');
}
