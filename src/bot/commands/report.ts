import { otherUnitReportMessage, reportUsageMessage } from '../../core/messages/reports';
import type { UnitMatcher } from '../../core/plan/match';
import type { Unit } from '../../core/plan/types';
import { lookUpUnit } from '../../core/plan/resolve';
import { foldAligned } from '../../core/report/parse';
import { handleReportText } from '../reporting/report';
import type { Command } from './command';

/** Words around a unit's name before the report lines: "/baocao của Phòng Kinh tế 6 tháng 2026: …". */
const NOT_NAME =
  /\b(?:bao\s*cao|bc|cua|gui|ket\s*qua|ky|kh\s*\d+|ke\s*hoach(?:\s*so)?\s*\d*|(?:6|sau)\s*thang(?:\s*(?:dau|cuoi))?|ca\s*nam|nam|\d{4}|dot\s*xuat(?:\s*so)?\s*\d*)\b/g;

/**
 * The unit a `/baocao` names before its lines ("/baocao phong kinh te NV3 hoàn thành"), if it names one
 * plainly; prefaces and letter heads that name no unit are not one.
 */
export function unitNamedFirst(matcher: UnitMatcher, args: string): Unit | null {
  const firstLine = args.split(/\r?\n/)[0] ?? '';
  const folded = foldAligned(firstLine);
  const stop = /(?<![a-z0-9])(?:nv|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*\d|[:;]/.exec(folded);
  const head = (stop ? folded.slice(0, stop.index) : folded)
    .replace(NOT_NAME, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!head || head.split(' ').length > 8) return null;
  const found = lookUpUnit(matcher, head);
  return found.type === 'unit' ? found.unit : null;
}

export const reportCommand: Command = {
  names: ['baocao', 'bc', 'report'],
  description: 'Gửi báo cáo (các dòng ngay sau lệnh)',
  usage: '+ các dòng báo cáo',
  // Leaders may send it, to be told that they are not asked to report; their /help does not offer it.
  listedFor: ['unit', 'office'],
  audience: ['unit', 'office', 'leader'],
  run(turn, args) {
    if (!args.trim()) {
      turn.reply(reportUsageMessage());
      turn.outcome = 'report:usage';
      return;
    }
    // A chat reports for its own unit only: a report for another unit is refused, and kept for the office.
    const named = turn.role === 'leader' ? null : unitNamedFirst(turn.deps.matcher, args);
    if (named && named.id !== turn.unit?.id) {
      turn.reply(otherUnitReportMessage(named));
      turn.audit('refused', { command: 'baocao', unitId: named.id });
      turn.outcome = 'refused:baocao-other-unit';
      return;
    }
    handleReportText(turn, args, turn.replyTarget(), true);
  },
};
