import type { ParsedReport } from '../../core/report/types';
import { isTalk, parseReport } from '../../core/report/parse';
import { evaluateItems, mergeItems, readTitled, tasksInPeriod } from '../../core/report/evaluate';
import type { ItemValues } from '../../core/report/evaluate';
import { isLate } from '../../core/periods/periods';
import {
  askOtherPeriodMessage,
  askWhichPeriodMessage,
  askWhichPlanMessage,
  askUnknownPlanMessage,
  askSeveralPeriodsMessage,
  difficultyForOfficeMessage,
  difficultyPassedOnLine,
  difficultyReceivedMessage,
  leaderCannotReportMessage,
  supervisorCannotReportMessage,
  noOpenPeriodMessage,
  nothingRecordedMessage,
  notAskedLine,
  notYoursLine,
  periodNotForUnitMessage,
  receiptMessage,
  unknownPeriodMessage,
  unknownTaskLine,
  unreadableLines,
  untitledLine,
  misnamedLine,
} from '../../core/messages/reports';
import { taskByTitle } from '../../core/plan/titles';
import { notUnderstoodMessage } from '../../core/messages/help';
import type { Period } from '../../core/periods/periods';
import type { Plan, Task, Unit } from '../../core/plan/types';
import { periodRefName } from '../../core/messages/labels';
import { fold } from '../../core/text/fold';
import { localDateOf } from '../../core/time';
import type { BotDeps } from '../deps';
import type { PeriodChoice } from '../../queries/periods';
import { chooseReportPeriod, planOf } from '../../queries/periods';
import { officeOf, timeZoneOf } from '../deps';
import { officeChats, queueToChats } from '../notify';
import type { Turn } from '../turn';

/** What the bot knows of the bot message a reply quotes. */
export interface ReplyTarget {
  periodId: string | null;
  taskCode: string | null;
  /** What the quoted message was: `reminder`, `receipt`, `ask_result`, `ask_period`… */
  kind?: string;
}

/** What else the caller knows about a text to be read as a report. */
export interface ReportOptions {
  /**
   * Where the text was read from when it was not the message itself, as the receipt names it
   * (`tệp "bao-cao.docx"`). The receipt says the statuses came from there.
   */
  source?: string | null;
  /** The text already read (the bot reads each message once). */
  parsed?: ParsedReport;
  /**
   * The answer to the bot's question about this text: the period meant, or the plan named. The
   * difficulties in the text were raised when the question was asked, and are not raised again.
   */
  answer?: { period: Period } | { plans: string[] };
}

/** The outcome prefix of a report the bot asked about instead of recording. */
export const ASKED = 'report:ask:';

/**
 * A unit's report or difficulty, as free text or after `/baocao`, or the text of a document it sent.
 * Everything is validated against the unit's own tasks; what could not be read is quoted back; a status
 * is recorded only when the reply states it; when the period or the plan is unclear the bot asks and
 * records nothing. Nothing the unit sent is dropped silently (the raw message is kept).
 */
export function handleReportText(
  turn: Turn,
  text: string,
  target: ReplyTarget | null,
  explicit: boolean,
  options: ReportOptions = {},
): void {
  if (turn.role === 'leader') {
    turn.reply(leaderCannotReportMessage());
    turn.outcome = 'refused:leader-report';
    return;
  }
  if (turn.role === 'supervisor') {
    turn.reply(supervisorCannotReportMessage(turn.unit, officeOf(turn.deps)));
    turn.outcome = 'refused:supervisor-report';
    return;
  }
  const unit = turn.unit;
  if (!unit) throw new Error(`chat ${turn.chat.id} has role ${turn.role} but no unit`);

  let parsed = options.parsed ?? parseReport(text);
  // A plain answer to "what was the result of NV3?" is the result of NV3.
  if (
    target?.taskCode &&
    parsed.items.length === 0 &&
    parsed.difficulties.length === 0 &&
    text.trim() &&
    !isTalk(fold(text))
  ) {
    const item = { taskCode: target.taskCode, status: null, result: text.trim(), figures: [], line: 1 };
    parsed = { ...parsed, items: [item], unreadable: [], looksLikeReport: true, recordable: true };
  }

  const onlyDifficulties =
    parsed.items.length === 0 && parsed.proposals.length === 0 && parsed.difficulties.length > 0;
  if (!parsed.recordable) {
    turn.reply(
      explicit ? nothingRecordedMessage(unreadableLines(parsed.unreadable)) : notUnderstoodMessage(),
    );
    turn.outcome = explicit ? 'report:empty' : 'not-understood';
    return;
  }

  const answer = options.answer;
  const choice = chooseReportPeriod(turn.deps, unit.id, turn.sentAt, {
    replyPeriodId: target?.periodId ?? null,
    named: answer && 'period' in answer ? null : parsed.period,
    otherPeriod: answer ? null : parsed.otherPeriod,
    severalPeriods: Boolean(parsed.severalPeriods),
    plans: answer && 'plans' in answer ? answer.plans : parsed.plans,
    codes: parsed.items.map((i) => i.taskCode),
    chosen: answer && 'period' in answer ? answer.period : null,
    lateOnPurpose: Boolean(parsed.lateOnPurpose),
  });
  if (choice.type !== 'found') {
    if (onlyDifficulties) return raiseOnly(turn, unit, parsed, null);
    if (askAbout(turn, unit, choice, parsed, !answer)) return;
    turn.reply(
      choice.type === 'none_open'
        ? noOpenPeriodMessage()
        : choice.type === 'not_for_unit'
          ? periodNotForUnitMessage(choice.period)
          : unknownPeriodMessage(describeRef(parsed)),
    );
    turn.outcome = `report:no-period:${choice.type}`;
    return;
  }
  const period = choice.period;
  if (onlyDifficulties) return raiseOnly(turn, unit, parsed, period);
  recordReport(turn, unit, parsed, period, options, !answer);
}

/**
 * Asks which period or plan a report is for, when that is what is unclear; its difficulties reach the
 * office now. Returns false when the choice is not a question to ask.
 */
function askAbout(
  turn: Turn,
  unit: Unit,
  choice: Exclude<PeriodChoice, { type: 'found' }>,
  parsed: ParsedReport,
  raise: boolean,
): boolean {
  const text = periodQuestion(choice);
  if (text === null) return false;
  const raised = raise ? raiseDifficulties(turn, unit, parsed.difficulties, null, null) : [];
  const lines = [text];
  for (const d of raised) lines.push('', difficultyPassedOnLine(d, officeOf(turn.deps)));
  turn.reply(lines.join('\n'), { context: { kind: 'ask_period', unitId: unit.id } });
  turn.outcome = `${ASKED}${choice.type}`;
  return true;
}

/**
 * The question to ask when the period or plan of a report is unclear ("Báo cáo này thuộc kỳ nào?"); null
 * when the choice is no question (no period open, a period the unit does not report in).
 */
export function periodQuestion(choice: Exclude<PeriodChoice, { type: 'found' }>): string | null {
  if (choice.type === 'which_period') return askWhichPeriodMessage(choice.named, choice.open);
  if (choice.type === 'other_period')
    return choice.several
      ? askSeveralPeriodsMessage(choice.text)
      : askOtherPeriodMessage(choice.text, choice.open);
  if (choice.type === 'which_plan') return askWhichPlanMessage(choice.plans);
  if (choice.type === 'unknown_plan') return askUnknownPlanMessage(choice.numbers, choice.plans);
  return null;
}

function describeRef(parsed: ParsedReport): string {
  return parsed.period ? periodRefName(parsed.period) : (parsed.otherPeriod ?? '');
}

/** Messages of one chat closer than this are one report sent line by line. */
const IN_A_ROW_MS = 15 * 60_000;

function recordReport(
  turn: Turn,
  unit: Unit,
  parsed: ParsedReport,
  period: Period,
  options: ReportOptions,
  raise: boolean,
): void {
  const { deps } = turn;
  const plan = planOf(deps, period);
  const tz = timeZoneOf(deps);
  const unitTasks = deps.responsibility.reportableTasks(plan, unit.id);
  const byTitle = readTitled(
    parsed.titled ?? [],
    tasksInPeriod(unitTasks, period),
    parsed.items,
    plan.tasks.filter((t) => t.reported),
  );
  // "Các nhiệm vụ đều hoàn thành": every task of the unit in the period not given a line of its own.
  const named = new Set([...parsed.items, ...byTitle.items].map((i) => i.taskCode));
  const every = parsed.allTasks;
  const everyItems = every
    ? tasksInPeriod(unitTasks, period)
        .filter((t) => !named.has(t.code))
        .map((t) => ({ taskCode: t.code, status: every.status, result: '', figures: [], line: every.line }))
    : [];
  // "NV4 (Dân vận khéo): hoàn thành": the number and the name in brackets are two tasks; which is meant?
  const misnamed: { code: string; note: string; named: string }[] = [];
  const numbered = parsed.items.map((item) => {
    const named = item.note ? taskByTitle(item.note, unitTasks) : null;
    if (!named || named.code === item.taskCode) return item;
    misnamed.push({ code: item.taskCode, note: item.note ?? '', named: named.code });
    return { ...item, status: null, unclear: true };
  });
  const ev = evaluateItems([...numbered, ...byTitle.items, ...everyItems], plan, unitTasks, period);
  const difficulties = raise ? parsed.difficulties : [];

  const problems: string[] = [];
  const leadNames = (code: string) => {
    const task = plan.tasks.find((t) => t.code === code);
    return task
      ? deps.responsibility.bodiesOf(task).lead.map((id) => deps.responsibility.units.get(id)?.short ?? id)
      : [];
  };
  for (const { item, task } of ev.notYours) problems.push(notYoursLine(item, task, leadNames(task.code)));
  for (const item of ev.notAsked) problems.push(notAskedLine(item, period));
  const codes = plan.tasks.filter((t) => t.reported).map((t) => t.code);
  for (const item of ev.unknown) problems.push(unknownTaskLine(item, codes));
  problems.push(...unreadableLines(parsed.unreadable));
  for (const line of byTitle.unread) problems.push(untitledLine(line.label));
  for (const m of misnamed) problems.push(misnamedLine(m.code, m.note, m.named));

  const previous = deps.reports.latest(period.id, unit.id);
  // A message that records no status and no result for any task does not count the unit as reported:
  // proposals alone, before any report, go to the office as difficulties do.
  if (ev.accepted.length === 0 && (parsed.proposals.length === 0 || !previous)) {
    const forward = [...difficulties, ...parsed.proposals.map((p) => `Đề xuất: ${p}`)];
    if (forward.length > 0)
      return raiseOnly(turn, unit, { ...parsed, difficulties: forward }, period, problems);
    turn.reply(nothingRecordedMessage(problems));
    turn.outcome = ev.notYours.length > 0 ? 'report:not-yours' : 'report:unreadable';
    return;
  }

  const received: ItemValues[] = ev.accepted.map((i) => ({
    taskCode: i.taskCode,
    status: i.status,
    result: i.result,
    figures: i.figures,
    ...(i.unclear ? { unclear: true } : {}),
  }));
  const r = storeRevision(turn, unit, period, received, parsed.proposals, difficulties, previous);
  // A report sent line by line, one message each, as chat apps invite: each receipt lists the tasks kept
  // from the message before on one line, rather than in full again.
  const inARow =
    previous !== null &&
    previous.chatId === turn.chat.id &&
    turn.sentAt.getTime() - previous.submittedAt.getTime() < IN_A_ROW_MS;
  turn.reply(
    receiptMessage({
      unit,
      period,
      plan: planToName(turn, plan),
      source: options.source ?? null,
      correction: ev.accepted.some((i) => i.correction),
      unclear: ev.accepted
        .filter((i) => i.unclear && !misnamed.some((m) => m.code === i.taskCode))
        .map((i) => i.taskCode),
      revision: r.revision,
      late: r.late,
      received: r.snapshot.filter((s) => received.some((x) => x.taskCode === s.taskCode)),
      snapshot: r.snapshot,
      missing: r.missing,
      difficulties: r.raised,
      proposals: parsed.proposals,
      problems,
      keptBrief: inARow,
      byTitle: byTitle.read,
      everyTask:
        every && everyItems.length > 0
          ? { label: every.text, codes: everyItems.map((i) => i.taskCode) }
          : null,
      timeZone: tz,
      at: turn.sentAt,
      office: officeOf(turn.deps),
    }),
    { context: { kind: 'receipt', periodId: period.id, unitId: unit.id } },
  );
  turn.outcome = `report:${period.id}:r${r.revision}${r.late ? ':late' : ''}`;
}

/** The plan a receipt names: every plan numbers its tasks from NV1, so it is named when several are active. */
export function planToName(turn: Turn, plan: Plan): Plan | null {
  const year = Number(localDateOf(turn.now, timeZoneOf(turn.deps)).slice(0, 4));
  const active = turn.deps.planSet.plans.filter((p) => p.span.from <= year && year <= p.span.to);
  return active.length > 1 ? plan : null;
}

export interface StoredRevision {
  revision: number;
  late: boolean;
  snapshot: ItemValues[];
  missing: { task: Task; role: 'lead' | 'coordinate' }[];
  raised: { id: number; text: string }[];
}

/**
 * Stores a new revision of the unit's report: the previous lines with the received ones replacing theirs.
 * Queued reminders for the period stop at once; difficulties reach the office.
 */
export function storeRevision(
  turn: Turn,
  unit: Unit,
  period: Period,
  received: ItemValues[],
  proposals: string[],
  difficulties: string[],
  /** The unit's latest revision, when the caller has read it already. */
  latest?: ReturnType<BotDeps['reports']['latest']>,
): StoredRevision {
  const { deps } = turn;
  // Submitted when the unit sent it: that, not when the bot handled it, decides on time or late.
  const sentAt = turn.sentAt;
  const plan = planOf(deps, period);
  const unitTasks = deps.responsibility.reportableTasks(plan, unit.id);
  const previous = latest === undefined ? deps.reports.latest(period.id, unit.id) : latest;
  const snapshot = mergeItems(plan, previous?.items ?? [], received);
  const late = isLate(period, sentAt, timeZoneOf(deps));
  const stored = deps.reports.submit({
    periodId: period.id,
    unitId: unit.id,
    chatId: turn.chat.id,
    chatTitle: turn.incoming.chatTitle,
    senderName: turn.incoming.sender.name,
    inboundId: turn.inboundId,
    at: sentAt,
    late,
    items: snapshot,
    proposals: proposals.length > 0 ? proposals : (previous?.proposals ?? []),
  });
  deps.outbox.cancelReminders(period.id, unit.id);
  const raised = raiseDifficulties(turn, unit, difficulties, period, stored.id);
  const lead = new Set(deps.responsibility.tasksOf(plan, unit.id).lead.map((t) => t.code));
  const missing = tasksInPeriod(unitTasks, period)
    .filter((t) => !snapshot.some((i) => i.taskCode === t.code))
    .map((task) => ({ task, role: lead.has(task.code) ? ('lead' as const) : ('coordinate' as const) }));
  return { revision: stored.revision, late, snapshot, missing, raised };
}

function raiseOnly(
  turn: Turn,
  unit: Unit,
  parsed: ParsedReport,
  period: Period | null,
  problems: string[] = [],
): void {
  const raised = raiseDifficulties(turn, unit, parsed.difficulties, period, null);
  turn.reply([difficultyReceivedMessage(raised, officeOf(turn.deps)), ...problems].join('\n'));
  turn.outcome = `difficulty:${raised.map((d) => d.id).join(',')}`;
}

/** Each difficulty becomes a numbered item and reaches the office's chat at once. */
function raiseDifficulties(
  turn: Turn,
  unit: Unit,
  texts: string[],
  period: Period | null,
  reportId: number | null,
): { id: number; text: string }[] {
  const { deps, now } = turn;
  return texts.map((text) => {
    const d = deps.difficulties.raise({
      unitId: unit.id,
      chatId: turn.chat.id,
      periodId: period?.id ?? null,
      reportId,
      inboundId: turn.inboundId,
      text,
      at: now,
    });
    queueToChats(
      deps,
      officeChats(deps),
      {
        key: `difficulty:${d.id}`,
        kind: 'difficulty',
        unitId: unit.id,
        periodId: period?.id ?? null,
        payload: { text: difficultyForOfficeMessage(d, unit, period) },
      },
      now,
      turn.chat.id,
    );
    return { id: d.id, text };
  });
}
