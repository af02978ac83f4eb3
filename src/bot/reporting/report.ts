import type { ParsedReport } from '../../core/report/types';
import { parseReport } from '../../core/report/parse';
import { evaluateItems, mergeItems, tasksInPeriod } from '../../core/report/evaluate';
import type { ItemValues } from '../../core/report/evaluate';
import { isLate } from '../../core/periods/periods';
import {
  difficultyForOfficeMessage,
  difficultyReceivedMessage,
  leaderCannotReportMessage,
  noOpenPeriodMessage,
  nothingRecordedMessage,
  notAskedLine,
  notYoursLine,
  periodNotForUnitMessage,
  receiptMessage,
  unknownPeriodMessage,
  unknownTaskLine,
  unreadableLines,
} from '../../core/messages/reports';
import { notUnderstoodMessage } from '../../core/messages/help';
import type { Period } from '../../core/periods/periods';
import type { Task, Unit } from '../../core/plan/types';
import { officeOf, timeZoneOf } from '../deps';
import { officeChats, queueToChats } from '../notify';
import type { Turn } from '../turn';
import { periodRefName } from '../../core/messages/labels';
import { choosePeriod, planOf } from '../../queries/periods';

/** What the bot knows of the bot message a reply quotes. */
export interface ReplyTarget {
  periodId: string | null;
  taskCode: string | null;
}

/**
 * A unit's report or difficulty, as free text or after `/baocao`. Everything is validated against the
 * unit's own tasks; what could not be read is quoted back; nothing the unit sent is dropped silently.
 */
export function handleReportText(
  turn: Turn,
  text: string,
  target: ReplyTarget | null,
  explicit: boolean,
): void {
  if (turn.role === 'leader') {
    turn.reply(leaderCannotReportMessage());
    turn.outcome = 'refused:leader-report';
    return;
  }
  const unit = turn.unit;
  if (!unit) throw new Error(`chat ${turn.chat.id} has role ${turn.role} but no unit`);

  let parsed = parseReport(text);
  // A plain answer to "what was the result of NV3?" is the result of NV3.
  if (target?.taskCode && parsed.items.length === 0 && parsed.difficulties.length === 0 && text.trim()) {
    const item = { taskCode: target.taskCode, status: null, result: text.trim(), figures: [], line: 1 };
    parsed = { ...parsed, items: [item], unreadable: [], looksLikeReport: true };
  }

  const onlyDifficulties =
    parsed.items.length === 0 && parsed.proposals.length === 0 && parsed.difficulties.length > 0;
  if (!parsed.looksLikeReport && parsed.items.length === 0 && !onlyDifficulties) {
    turn.reply(
      explicit ? nothingRecordedMessage(unreadableLines(parsed.unreadable)) : notUnderstoodMessage(),
    );
    turn.outcome = explicit ? 'report:empty' : 'not-understood';
    return;
  }

  const choice = choosePeriod(turn.deps, unit.id, turn.now, target?.periodId ?? null, parsed.period);
  if (choice.type !== 'found') {
    if (onlyDifficulties) return raiseOnly(turn, unit, parsed, null);
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
  recordReport(turn, unit, parsed, period);
}

function describeRef(parsed: ParsedReport): string {
  return parsed.period ? periodRefName(parsed.period) : '';
}

function recordReport(turn: Turn, unit: Unit, parsed: ParsedReport, period: Period): void {
  const { deps, now } = turn;
  const plan = planOf(deps, period);
  const tz = timeZoneOf(deps);
  const unitTasks = deps.responsibility.reportableTasks(plan, unit.id);
  const ev = evaluateItems(parsed.items, plan, unitTasks, period);

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

  if (ev.accepted.length === 0 && parsed.proposals.length === 0) {
    if (parsed.difficulties.length > 0) return raiseOnly(turn, unit, parsed, period, problems);
    turn.reply(nothingRecordedMessage(problems));
    turn.outcome = ev.notYours.length > 0 ? 'report:not-yours' : 'report:unreadable';
    return;
  }

  const received: ItemValues[] = ev.accepted.map((i) => ({
    taskCode: i.taskCode,
    status: i.status,
    result: i.result,
    figures: i.figures,
  }));
  const r = storeRevision(turn, unit, period, received, parsed.proposals, parsed.difficulties);
  turn.reply(
    receiptMessage({
      unit,
      period,
      revision: r.revision,
      late: r.late,
      received: r.snapshot.filter((s) => received.some((x) => x.taskCode === s.taskCode)),
      snapshot: r.snapshot,
      missing: r.missing,
      difficulties: r.raised,
      proposals: parsed.proposals,
      problems,
      timeZone: tz,
      at: now,
      office: officeOf(turn.deps),
    }),
    { context: { kind: 'receipt', periodId: period.id, unitId: unit.id } },
  );
  turn.outcome = `report:${period.id}:r${r.revision}${r.late ? ':late' : ''}`;
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
): StoredRevision {
  const { deps, now } = turn;
  const plan = planOf(deps, period);
  const unitTasks = deps.responsibility.reportableTasks(plan, unit.id);
  const previous = deps.reports.latest(period.id, unit.id);
  const snapshot = mergeItems(plan, previous?.items ?? [], received);
  const late = isLate(period, now, timeZoneOf(deps));
  const stored = deps.reports.submit({
    periodId: period.id,
    unitId: unit.id,
    chatId: turn.chat.id,
    chatTitle: turn.incoming.chatTitle,
    senderName: turn.incoming.sender.name,
    inboundId: turn.inboundId,
    at: now,
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
