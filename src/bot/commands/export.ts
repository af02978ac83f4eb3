import { compilePeriod } from '../../core/compile';
import { zipEntryName } from '../../core/documents';
import { documentsZipCaption, documentsZipComingLine } from '../../core/messages/documents';
import {
  exportFileStem,
  exportNoFilesHereMessage,
  exportStartedMessage,
  scorecardMessage,
  unknownYearMessage,
} from '../../core/messages/exports';
import { localDateOf } from '../../core/time';
import type { BotDeps } from '../deps';
import { currentPlan, officeOf, timeZoneOf } from '../deps';
import { officeChats } from '../notify';
import { planOf } from '../../queries/periods';
import { scorecardOf } from '../../queries/scorecard';
import type { Command } from './command';
import { periodFromArgs } from './status';

export const exportCommand: Command = {
  names: ['xuat', 'export'],
  description: 'Xuất bảng tính và dự thảo báo cáo tổng hợp',
  usage: '[kỳ]',
  audience: ['office'],
  run(turn, args) {
    const period = periodFromArgs(turn, args);
    if (!period) return;
    const { deps } = turn;
    const plan = planOf(deps, period);
    // Read inside the message's transaction (one consistent picture); rendered after it.
    const model = compilePeriod({
      ward: deps.planSet.organisation.ward,
      office: officeOf(deps),
      plan,
      period,
      responsibility: deps.responsibility,
      revisions: deps.reports.revisionsOf(period.id),
      difficulties: deps.difficulties.ofPeriod(period.id),
      now: turn.now,
    });
    const scorecard = scorecardOf(deps, plan, period.year, turn.now);
    const dir = deps.settings.exportDir;
    const documents = documentSources(deps, period.id);
    const units = new Set(documents.map((d) => d.entry.split('/')[0])).size;
    const stem = `${exportFileStem(plan, period)}-van-ban-${localDateOf(turn.now, timeZoneOf(deps))}`;
    const caption = (part: number, parts: number) =>
      documentsZipCaption(period, { units, files: documents.length }, part, parts);
    // The document libraries are loaded on first use: they are heavy, and most days nobody exports.
    const render = async () => [
      ...(await (await import('../../export')).writePeriodExport(model, scorecard, dir)),
      ...(await import('../../export/documents')).writeDocumentsZip(documents, dir, stem, caption),
    ];
    // Where the chat's channel takes no documents, the files are still made (kept on the server), and the
    // office is told where to get them.
    const files = (chatId: string) => deps.channels.capabilitiesOf(chatId).files;
    const elsewhere = officeChats(deps)
      .filter((c) => c.id !== turn.chat.id && files(c.id))
      .map((c) => (c.title ? `"${c.title}"` : c.id));
    const started = files(turn.chat.id)
      ? exportStartedMessage(model)
      : exportNoFilesHereMessage(model, elsewhere, deps.settings.webUrl !== null);
    turn.reply(
      documents.length > 0 ? `${started}\n${documentsZipComingLine(documents.length, units)}` : started,
      { render },
    );
    turn.outcome = `export:${period.id}`;
  },
};

/** The period's documents for the zip: one folder per unit, each file once per unit. */
function documentSources(deps: BotDeps, periodId: string) {
  const tz = timeZoneOf(deps);
  const seen = new Set<string>();
  const entries = new Set<string>();
  return deps.documents.ofPeriod(periodId).flatMap((d) => {
    if (seen.has(`${d.unitId}:${d.sha256}`)) return [];
    seen.add(`${d.unitId}:${d.sha256}`);
    const unit = deps.responsibility.units.get(d.unitId);
    let entry = zipEntryName(
      unit?.short ?? d.unitId,
      localDateOf(d.receivedAt, tz),
      d.revision,
      d.name,
      d.type,
    );
    for (let n = 2; entries.has(entry); n++) entry = entry.replace(/(\.\w+)$/, `-${n}$1`);
    entries.add(entry);
    return [{ path: deps.files.pathOf(d.sha256), entry, size: d.size, at: d.receivedAt }];
  });
}

export const scorecardCommand: Command = {
  names: ['xephang', 'scorecard'],
  description: 'Xếp hạng việc báo cáo của các đơn vị trong năm',
  usage: '[năm]',
  audience: ['office', 'leader', 'supervisor'],
  run(turn, args) {
    const { deps } = turn;
    const plan = currentPlan(deps);
    const text = args.trim();
    const year = text
      ? Number(/\d{4}/.exec(text)?.[0])
      : Number(localDateOf(turn.now, timeZoneOf(deps)).slice(0, 4));
    if (!Number.isInteger(year) || year < plan.span.from || year > plan.span.to) {
      turn.reply(unknownYearMessage(text, plan.span.from, plan.span.to));
      turn.outcome = 'scorecard:unknown-year';
      return;
    }
    turn.reply(scorecardMessage(plan, officeOf(deps), year, scorecardOf(deps, plan, year, turn.now)));
    turn.outcome = `scorecard:${year}`;
  },
};
