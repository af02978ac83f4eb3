import { notUnderstoodMessage } from '../../core/messages/help';
import { documentText } from '../../core/documents';
import { documentWaitingLine } from '../../core/messages/documents';
import { unclearAnswerMessage } from '../../core/messages/reports';
import { findPeriod } from '../../core/periods/periods';
import { parseReport } from '../../core/report/parse';
import { namedPeriod, planNumbersIn } from '../../core/report/periodRef';
import type { ParsedReport } from '../../core/report/types';
import { fold } from '../../core/text/fold';
import { localDateOf } from '../../core/time';
import { parseCommand } from '../commands/parse';
import { periodsForUnit, planById, timeZoneOf } from '../deps';
import type { Turn } from '../turn';
import { fileAnsweredDocument } from '../documents/handle';
import type { ReplyTarget, ReportOptions } from './report';
import { ASKED, handleReportText } from './report';

/** How long a question about a report waits for its answer. */
const ANSWER_WITHIN_MS = 3 * 24 * 3600 * 1000;

/**
 * Whether a message answers the bot's question about a report ("Báo cáo này thuộc kỳ nào?"): a reply to
 * the question, or, in a direct chat, a short message that names only a period or a plan.
 */
export function isClarification(turn: Turn, target: ReplyTarget | null, parsed: ParsedReport): boolean {
  if (parsed.items.length > 0 || parsed.difficulties.length > 0 || turn.role === 'leader') return false;
  if (target?.kind === 'ask_period') return true;
  if (target || turn.incoming.chatKind !== 'direct' || turn.incoming.text.length > 60) return false;
  const names = parsed.period !== null || parsed.plans.length > 0;
  return names && pendingQuestion(turn) !== null;
}

function pendingQuestion(turn: Turn) {
  const since = new Date(turn.now.getTime() - ANSWER_WITHIN_MS);
  return turn.deps.inbound.lastWithOutcome(turn.chat.id, ASKED, since);
}

/**
 * Files the report the bot asked about to the period or plan the answer names ("năm 2026", "KH 168"), as
 * if the report had named it; a period named in an answer is taken as it is, late or not, since the
 * sender chose it knowingly. A report that came as a file is read again from the file (its caption and
 * the text read from it), and the file is filed with it.
 */
export function answerClarification(turn: Turn): void {
  const asked = pendingQuestion(turn);
  const unit = turn.unit;
  if (!asked || !unit) {
    turn.reply(notUnderstoodMessage());
    turn.outcome = 'not-understood';
    return;
  }
  // The report is the earlier message: on time or late as of when it was sent.
  turn.judgeAsSentAt(asked.sentAt);
  const command = parseCommand(asked.text);
  const caption = command ? command.args : asked.text;
  const waiting = turn.deps.documents.waitingFrom(asked.id);
  const text = waiting ? documentText(caption, waiting.text) : caption;
  const original = parseReport(text);
  const answer = chosenIn(turn, unit.id, original);
  if (!answer) {
    const lines = [unclearAnswerMessage()];
    if (waiting) lines.push(documentWaitingLine(waiting));
    turn.reply(lines.join('\n'));
    turn.outcome = 'clarify:unclear';
    return;
  }
  if (waiting) fileAnsweredDocument(turn, waiting, caption, answer);
  else handleReportText(turn, text, null, command !== null, { parsed: original, answer });
  turn.outcome = `${turn.outcome}:answers=${asked.id}`;
}

/** The period (of the plan named, if one is) or the plans the answer names; null when it names neither. */
function chosenIn(
  turn: Turn,
  unitId: string,
  original: ParsedReport,
): NonNullable<ReportOptions['answer']> | null {
  const answer = fold(turn.incoming.text);
  const plans = planNumbersIn(answer);
  const named = namedPeriod(answer);
  if (named?.type === 'period') {
    const today = localDateOf(turn.sentAt, timeZoneOf(turn.deps));
    const wanted = plans.length > 0 ? plans : original.plans;
    const mine = periodsForUnit(turn.deps, unitId).filter((p) => {
      const number = /^\d+/.exec(planById(turn.deps, p.planId)?.number ?? '')?.[0];
      return wanted.length === 0 || (number !== undefined && wanted.includes(String(Number(number))));
    });
    const period = findPeriod(mine, named.ref, today);
    return period ? { period } : null;
  }
  return plans.length > 0 ? { plans } : null;
}
