import type { DocumentType } from '../../core/documents';
import { documentText, hasReadableText, isImage, statusCodesIn } from '../../core/documents';
import type { UnreadReason } from '../../core/messages/documents';
import {
  albumPagesLine,
  documentKeptLine,
  documentNoPeriodMessage,
  documentReceiptMessage,
  fileRefusedMessage,
  fileSource,
} from '../../core/messages/documents';
import { parsePeriodRef, parseReport } from '../../core/report/parse';
import type { PeriodRef } from '../../core/report/types';
import { timeZoneOf } from '../deps';
import type { ReportOptions } from '../reporting/report';
import { ASKED, handleReportText, periodQuestion, planToName, storeRevision } from '../reporting/report';
import type { ReportDocument, WaitingDocument } from '../../storage/documents';
import { chooseReportPeriod, planOf } from '../../queries/periods';
import type { Turn } from '../turn';
import type { ReceivedFile, StoredFile } from './intake';

/**
 * A file a unit sent as its report. Its caption counts as the text of the reply, and the text of a Word
 * file (its tables a row a line), of a workbook's rows or of a PDF's text layer is read like a text reply: task statuses found there are recorded as a
 * new revision, and the receipt says they came from the file. A photo, a scan or a letter without task
 * lines still counts: the unit has submitted its document for the period (reminders stop), and the
 * receipt asks for the statuses. When the period or the plan is unclear, the bot asks, and the file waits
 * for the answer (see `fileAnsweredDocument`).
 */
export function handleDocument(
  turn: Turn,
  file: Exclude<ReceivedFile, { type: 'not_fetched' }>,
  caption: string,
): void {
  if (file.type === 'refused') return refuse(turn, file);
  const head = albumHeadOf(turn);
  // A later page of an album taken as the report is part of it: one sending, one receipt. A page whose
  // own text gives task statuses (a Word report sent with the scans) is read as a report of its own.
  if (head && file.statusCodes.length === 0) return joinAlbum(turn, factsOf(file), head);
  const start = turn.replies.length;
  fileDocument(turn, factsOf(file), caption, null);
  if (turn.incoming.attachment?.album) notePages(turn, start);
}

/** The album's first document kept from this chat for this unit, when the message is in an album. */
function albumHeadOf(turn: Turn): ReportDocument | null {
  const album = turn.incoming.attachment?.album;
  if (!album || !turn.unit) return null;
  const head = turn.deps.documents.albumHead(turn.chat.id, album);
  return head?.unitId === turn.unit.id ? head : null;
}

/**
 * A later page of an album: kept with the same unit, period and report revision as the page taken as the
 * report, and not answered (that page's receipt said the other pages are kept with it). Filed to no
 * period while the bot's question about the first page waits: the answer files them together.
 */
function joinAlbum(turn: Turn, file: FileFacts, head: ReportDocument): void {
  keep(turn, file, null, head.periodId, head.reportId, []);
  turn.outcome = `document:album:${head.periodId ?? 'unfiled'}`;
}

/**
 * Under the receipt (or the question) for the first page of an album: the other pages are kept with it,
 * with no receipt of their own, and `/xem` lists them.
 */
function notePages(turn: Turn, start: number): void {
  const answer = turn.replies
    .slice(start)
    .find((r) => r.context?.kind === 'receipt' || r.context?.kind === 'ask_period');
  if (answer) answer.text = `${answer.text}\n\n${albumPagesLine(answer.context?.kind === 'ask_period')}`;
}

/**
 * The answer to the bot's question about a file ("năm 2026", "KH 168"): the file is read again as it was
 * read when it came (its caption and its text) and filed as if it had named that period or plan, late or
 * not as of when it was sent (the caller judges the turn as of then). The waiting row gets its period.
 */
export function fileAnsweredDocument(
  turn: Turn,
  doc: WaitingDocument,
  caption: string,
  answer: NonNullable<ReportOptions['answer']>,
): void {
  const facts: FileFacts = {
    name: doc.name,
    fileType: doc.type,
    size: doc.size,
    sha256: doc.sha256,
    mime: doc.mime,
    text: doc.text,
    statusCodes: doc.text ? statusCodesIn(doc.text) : [],
    textProblem: doc.textProblem,
  };
  fileDocument(turn, facts, caption, { documentId: doc.id, album: doc.album, answer });
}

/** What the bot knows of a file, as it came or as it was kept. */
interface FileFacts {
  sha256: string;
  size: number;
  name: string | null;
  fileType: DocumentType;
  mime: string;
  /** Text of a .docx (its tables row by row), an .xlsx or a PDF's text layer; null when there is none. */
  text: string | null;
  /** Tasks the text gives a status. */
  statusCodes: string[];
  textProblem: string | null;
}

/** The file waits for the answer to the bot's question: its row, and the period or plan answered. */
interface Answered {
  documentId: number;
  /** The album it came in: its other pages wait with it, and are filed with it. */
  album: string | null;
  answer: NonNullable<ReportOptions['answer']>;
}

function factsOf(file: StoredFile): FileFacts {
  return {
    sha256: file.bytes.sha256,
    size: file.bytes.size,
    name: file.name,
    fileType: file.fileType,
    mime: file.mime,
    text: file.text,
    statusCodes: file.statusCodes,
    textProblem: file.textProblem,
  };
}

function fileDocument(turn: Turn, file: FileFacts, caption: string, answered: Answered | null): void {
  const unit = turn.unit;
  if (!unit) throw new Error(`chat ${turn.chat.id} has role ${turn.role} but no unit`);
  const { deps } = turn;
  const answer = answered?.answer;
  // An answer quotes the bot's question, not a reminder: the period is the one answered.
  const target = answered ? null : turn.replyTarget();
  const text = documentText(caption, file.text);
  const parsed = parseReport(text);

  // Statuses the file gives (a caption line for the same task is the sender's own word, and wins).
  const captionCodes = new Set(
    parseReport(caption)
      .items.filter((i) => i.status !== null)
      .map((i) => i.taskCode),
  );
  const fileCodes = file.statusCodes.filter((c) => !captionCodes.has(c));

  // Read like a text reply, by the same reader, when there is anything to record.
  const start = turn.replies.length;
  if (parsed.recordable)
    handleReportText(turn, text, target, false, {
      parsed,
      source: fileSource(describe(file), fileCodes),
      ...(answer ? { answer } : {}),
    });
  const stored = deps.documents.revisionOfMessage(turn.inboundId);
  if (stored) {
    const latest = deps.reports.latest(stored.periodId, unit.id);
    const codes = fileCodes.filter((c) => latest?.items.some((l) => l.taskCode === c && l.status !== null));
    keep(turn, file, answered, stored.periodId, stored.id, codes);
    turn.outcome = `${turn.outcome}:document`;
    return;
  }
  // The reader asked which period or plan the text is for: that question stands, and the file waits.
  if (turn.outcome.startsWith(ASKED)) {
    keep(turn, file, answered, null, null, []);
    const question = turn.replies[start];
    if (question) question.text = `${question.text}\n\n${documentKeptLine(describe(file))}`;
    turn.outcome = `${turn.outcome}:document`;
    return;
  }

  // Nothing recorded from the text: the file itself is the unit's submission for the period.
  const raised = parsed.difficulties.length > 0;
  const earlier = turn.replies.splice(start);
  const named: PeriodRef | null =
    parsed.period ?? (file.name ? parsePeriodRef(file.name.replace(/[_.-]+/g, ' ')) : null);
  const choice = chooseReportPeriod(deps, unit.id, turn.sentAt, {
    replyPeriodId: target?.periodId ?? null,
    named: answer && 'period' in answer ? null : named,
    otherPeriod: answer ? null : parsed.otherPeriod,
    plans: answer && 'plans' in answer ? answer.plans : parsed.plans,
    chosen: answer && 'period' in answer ? answer.period : null,
    lateOnPurpose: Boolean(parsed.lateOnPurpose),
  });
  if (choice.type !== 'found') {
    keep(turn, file, answered, null, null, []);
    // A period past its deadline, one the plan does not have, or two plans: ask, as for a text reply; the
    // answer files the document.
    const question = periodQuestion(choice);
    if (question) {
      turn.reply(`${question}\n\n${documentKeptLine(describe(file))}`, {
        context: { kind: 'ask_period', unitId: unit.id },
      });
      turn.outcome = `${ASKED}${choice.type}:document`;
    } else {
      turn.reply(
        documentNoPeriodMessage(
          describe(file),
          choice.type === 'none_open' || choice.type === 'not_for_unit' || choice.type === 'unknown_named'
            ? choice.type
            : 'unclear',
          choice.type === 'not_for_unit' ? choice.period : null,
        ),
      );
      turn.outcome = `document:no-period:${choice.type}`;
    }
    if (raised) turn.replies.push(...earlier);
    return;
  }
  const period = choice.period;
  const r = storeRevision(turn, unit, period, [], [], []);
  const revision = deps.documents.revisionOfMessage(turn.inboundId);
  keep(turn, file, answered, period.id, revision?.id ?? null, []);
  // The receipt asks for every task still without a status: lines kept without one, and tasks with none.
  const plan = planOf(deps, period);
  const lead = new Set(deps.responsibility.tasksOf(plan, unit.id).lead.map((t) => t.code));
  const unset = r.snapshot.flatMap((i) => {
    const task = i.status === null ? plan.tasks.find((t) => t.code === i.taskCode) : undefined;
    return task ? [{ task, role: lead.has(task.code) ? ('lead' as const) : ('coordinate' as const) }] : [];
  });
  turn.reply(
    documentReceiptMessage({
      unit,
      period,
      plan: planToName(turn, plan),
      file: describe(file),
      revision: r.revision,
      late: r.late,
      // When the unit sent it: for a file the bot asked about, that is before the answer.
      at: turn.sentAt,
      timeZone: timeZoneOf(deps),
      reason: unreadReason(
        file,
        parsed.items.map((i) => i.taskCode),
      ),
      notRecorded: [...new Set(parsed.items.map((i) => i.taskCode))],
      kept: r.snapshot.filter((i) => i.status !== null),
      needStatus: [...unset, ...r.missing],
    }),
    { context: { kind: 'receipt', periodId: period.id, unitId: unit.id } },
  );
  if (raised) turn.replies.push(...earlier);
  // A report like a text one (its sender is the unit's reporter, for a Zalo reminder's @mention).
  turn.outcome = `report:${period.id}:r${r.revision}${r.late ? ':late' : ''}:document`;
}

function unreadReason(file: FileFacts, linesSeen: string[]): UnreadReason {
  if (isImage(file.fileType)) return 'image';
  if (!hasReadableText(file.fileType)) return 'not_read';
  if (file.textProblem === 'no_text_layer') return 'no_text_layer';
  if (file.textProblem !== null || file.text === null) return 'unreadable';
  return linesSeen.length > 0 ? 'lines_not_recorded' : 'no_task_lines';
}

function describe(file: FileFacts) {
  return { name: file.name, type: file.fileType, size: file.size };
}

/**
 * Records the file: a new row for a file that just came (with no period while the bot asks about it), or,
 * for a file that waited for the answer, its row filed to the period now known.
 */
function keep(
  turn: Turn,
  file: FileFacts,
  answered: Answered | null,
  periodId: string | null,
  reportId: number | null,
  fromFile: string[],
): void {
  const unit = turn.unit;
  if (!unit) return;
  if (answered) {
    if (periodId === null) return;
    turn.deps.documents.file(answered.documentId, periodId, reportId, fromFile);
    if (answered.album) turn.deps.documents.fileAlbum(turn.chat.id, answered.album, periodId, reportId);
    return;
  }
  turn.deps.documents.add({
    sha256: file.sha256,
    size: file.size,
    type: file.fileType,
    mime: file.mime,
    name: file.name,
    unitId: unit.id,
    periodId,
    reportId,
    chatId: turn.chat.id,
    senderId: turn.incoming.sender.id || null,
    senderName: turn.incoming.sender.name,
    inboundId: turn.inboundId,
    receivedAt: turn.now,
    textChars: file.text?.length ?? 0,
    textProblem: file.textProblem,
    statusesFromFile: fromFile,
    text: file.text,
    album: turn.incoming.attachment?.album ?? null,
  });
}

/** A report file the bot does not take: the sender is told what it takes; the refusal is audited. */
function refuse(turn: Turn, file: Extract<ReceivedFile, { type: 'refused' }>): void {
  const limits = turn.deps.settings.documents;
  turn.reply(
    fileRefusedMessage(file.problem, file, {
      maxMb: Math.round(limits.maxBytes / (1024 * 1024)),
      maxUnpackedMb: Math.round(limits.inspect.maxUnpackedBytes / (1024 * 1024)),
    }),
  );
  turn.audit('refused', {
    asked: 'file',
    problem: file.problem,
    name: file.name?.slice(0, 200) ?? null,
    detected: file.detected,
  });
  turn.outcome = `document:refused:${file.problem}`;
}
