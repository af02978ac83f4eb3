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
import type { HandledMessage } from '../../storage/inbound';
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
  const { report, plans } = reportAskedAbout(turn, asked);
  // The report is the earlier message: on time or late as of when it was sent.
  turn.judgeAsSentAt(report.sentAt);
  const command = parseCommand(report.text);
  const caption = command ? command.args : report.text;
  const waiting = turn.deps.documents.waitingFrom(report.id);
  const text = waiting ? documentText(caption, waiting.text) : caption;
  const read = parseReport(text);
  // A head that named another plan ("Kế hoạch số 35 … năm 2026") named that plan's period too: once the
  // unit says the report is of this plan, the period is the one a reply without a head would go to.
  const original = asked.outcome?.startsWith(`${ASKED}unknown_plan`) ? { ...read, period: null } : read;
  const answer = chosenIn(turn, unit.id, plans.length > 0 ? plans : original.plans);
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

/**
 * The report a question is about: the message it was asked on, or, when the bot asked again on an answer
 * (a plan named, then the period unclear), the report that answer was about, with the plans the answers
 * on the way named.
 */
function reportAskedAbout(turn: Turn, asked: HandledMessage): { report: HandledMessage; plans: string[] } {
  let report = asked;
  const plans: string[] = [];
  for (let hops = 0; hops < 5; hops++) {
    const earlier = /:answers=(\d+)$/.exec(report.outcome ?? '')?.[1];
    const found = earlier ? turn.deps.inbound.message(turn.chat.id, Number(earlier)) : null;
    if (!found) break;
    plans.push(...planNumbersIn(fold(report.text)));
    report = found;
  }
  return { report, plans: [...new Set(plans)] };
}

/**
 * The period (of the plan named, else of `plans`, when any) or the plans the answer names; null when it
 * names neither.
 */
function chosenIn(turn: Turn, unitId: string, plans: string[]): NonNullable<ReportOptions['answer']> | null {
  const answer = fold(turn.incoming.text);
  const named = namedPeriod(answer);
  const answered = planNumbersIn(answer);
  if (named?.type === 'period') {
    const today = localDateOf(turn.sentAt, timeZoneOf(turn.deps));
    const wanted = answered.length > 0 ? answered : plans;
    const mine = periodsForUnit(turn.deps, unitId).filter((p) => {
      const number = /^\d+/.exec(planById(turn.deps, p.planId)?.number ?? '')?.[0];
      return wanted.length === 0 || (number !== undefined && wanted.includes(String(Number(number))));
    });
    const period = findPeriod(mine, named.ref, today);
    return period ? { period } : null;
  }
  return answered.length > 0 ? { plans: answered } : null;
}
