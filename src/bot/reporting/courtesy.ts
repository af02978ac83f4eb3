import type { Courtesy } from '../../core/report/courtesy';
import type { ParsedReport } from '../../core/report/types';
import { greetingMessage, openingMessage, thanksMessage } from '../../core/messages/courtesy';
import { chooseReportPeriod } from '../../queries/periods';
import type { Turn } from '../turn';
import type { ReplyTarget } from './report';

/**
 * A thanks, a greeting, an "ok", or the head of a report whose lines are still to come, sent to the bot
 * (a direct chat, or addressed to it in a group): answered briefly, or not at all for an "ok", rather
 * than with "Bot chưa hiểu". Nothing is recorded; the message is kept raw like every other. The answer
 * to a head is tied to the period it names, so lines sent in reply to it are filed there.
 */
export function answerCourtesy(
  turn: Turn,
  courtesy: Courtesy,
  parsed: ParsedReport,
  target: ReplyTarget | null,
): void {
  turn.outcome = `courtesy:${courtesy}`;
  const unit = turn.unit;
  const reports = (turn.role === 'unit' || turn.role === 'office') && unit !== null;
  if (courtesy === 'ack') return;
  if (courtesy === 'thanks') return turn.reply(thanksMessage());
  if (courtesy === 'greeting' || !unit || !reports) return turn.reply(greetingMessage(reports));
  const hints = {
    replyPeriodId: target?.periodId ?? null,
    otherPeriod: null,
    plans: parsed.plans,
    codes: [],
  };
  const into = chooseReportPeriod(turn.deps, unit.id, turn.sentAt, { ...hints, named: null });
  const named = parsed.period
    ? chooseReportPeriod(turn.deps, unit.id, turn.sentAt, { ...hints, named: parsed.period })
    : null;
  const namedPeriod =
    named?.type === 'found' ? named.period : named?.type === 'which_period' ? named.named : null;
  const intoPeriod = into.type === 'found' ? into.period : null;
  const period = namedPeriod ?? intoPeriod;
  turn.reply(openingMessage(intoPeriod, namedPeriod), {
    context: { kind: 'opening', periodId: period?.id ?? null, unitId: unit.id },
  });
}
