import type { Channel, Incoming, IncomingAttachment } from '../../channels/channel';
import { DownloadError } from '../../channels/download';
import type { DocumentType } from '../../core/documents';
import { fileCandidate, planNumberOf } from '../../core/documents';
import type { FileRefusal } from '../../core/messages/documents';
import type { TextProblem } from '../../documents/inspect';
import { inspectDocument } from '../../documents/inspect';
import type { StoredBytes } from '../../documents/store';
import type { Logger } from '../../log';
import { parseCommand } from '../commands/parse';
import { findCommand } from '../commands';
import { reportCommand } from '../commands/report';
import type { BotDeps } from '../deps';

/**
 * What became of a file sent to the bot, before the message is handled:
 * - `not_fetched`: the chat may not send a report (unbound, leaders) or the update was handled before;
 *   the bot answers as it would any message, and the file is never downloaded;
 * - `refused`: a report file the bot does not take (too large, wrong type, a zip bomb…), with why;
 * - `stored`: the file is kept in the store, with its type and its text if it has some.
 */
export type ReceivedFile =
  | { type: 'not_fetched' }
  | { type: 'refused'; problem: FileRefusal; name: string | null; detected: string | null }
  | StoredFile;

export interface StoredFile {
  type: 'stored';
  bytes: StoredBytes;
  name: string | null;
  fileType: DocumentType;
  mime: string;
  /** Text of a .docx (its tables row by row), an .xlsx or a PDF's text layer; null when there is none. */
  text: string | null;
  /** Tasks the text gives a status (read in the worker). */
  statusCodes: string[];
  textProblem: TextProblem | null;
}

/**
 * Takes in the file of an incoming message: decides from what the platform says whether it may be the
 * unit's report, downloads it only then, checks it (size, type from the bytes, zip bomb) and reads its
 * text off the main thread. Returns null for a file that is not for the bot (a photo of an event in a
 * group, a colleague's slides): it is neither fetched, nor kept, nor answered.
 */
export async function receiveFile(
  deps: BotDeps,
  channel: Pick<Channel, 'download'>,
  incoming: Incoming,
  logger: Logger,
): Promise<ReceivedFile | null> {
  const attachment = incoming.attachment;
  if (!attachment) return null;
  const addressed = incoming.addressed || incoming.chatKind === 'direct';
  if (deps.documents.alreadyHandled(incoming.dedupeKey)) return { type: 'not_fetched' };
  const role = deps.chats.get(incoming.chatId)?.role ?? null;
  // Only a unit (or the office, for its own tasks) reports; others (unbound chats, leaders, supervisors)
  // get the answer any message of theirs gets, and the file is never fetched.
  if (role !== 'unit' && role !== 'office') return addressed ? { type: 'not_fetched' } : null;
  // The office shares reports of all kinds in its own group: only a file addressed to the bot is its own.
  if (role === 'office' && !addressed) return null;
  // A caption that is another command (/xem, /help…) is that command; the file is not taken.
  const command = parseCommand(incoming.text);
  if (command && findCommand(command.name) !== reportCommand) return { type: 'not_fetched' };

  const planNumbers = deps.planSet.plans.map((p) => planNumberOf(p.number));
  const candidate = fileCandidate(
    { addressed, caption: incoming.text, name: attachment.name },
    attachment.kind,
    planNumbers,
  );
  if (candidate === 'not_report') return null;
  const sure = candidate === 'report';
  const refuse = (problem: FileRefusal, detected: string | null = null): ReceivedFile | null =>
    sure ? { type: 'refused', problem, name: attachment.name, detected } : null;

  const limits = deps.settings.documents;
  const bytes = await download(channel, attachment, limits, incoming, logger);
  if (!('length' in bytes)) return refuse(bytes.problem);

  const inspection = await inspectDocument(bytes, limits.inspect, planNumbers);
  if (inspection.type === 'wrong_type') return refuse('wrong_type', inspection.detected);
  if (inspection.type === 'zip_bomb') return refuse('zip_bomb');
  if (inspection.type === 'unreadable') return refuse('unreadable');
  if (!sure && !inspection.reading.readsAsReport) return null;

  const stored = deps.files.save(bytes);
  return {
    type: 'stored',
    bytes: stored,
    name: attachment.name,
    fileType: inspection.fileType,
    mime: inspection.mime,
    text: inspection.text,
    statusCodes: inspection.reading.statusCodes,
    textProblem: inspection.textProblem,
  };
}

async function download(
  channel: Pick<Channel, 'download'>,
  attachment: IncomingAttachment,
  limits: BotDeps['settings']['documents'],
  incoming: Incoming,
  logger: Logger,
): Promise<Buffer | { problem: FileRefusal }> {
  if (!channel.download) return { problem: 'unavailable' };
  try {
    return await channel.download(attachment, {
      maxBytes: limits.maxBytes,
      timeoutMs: limits.downloadTimeoutMs,
    });
  } catch (err) {
    const problem = err instanceof DownloadError ? err.problem : 'unavailable';
    if (problem === 'forbidden_source')
      logger.warn('file link outside the platform refused', {
        chat: incoming.chatId,
        err: (err as Error).message,
      });
    else if (problem === 'unavailable')
      logger.warn('file not downloaded', { chat: incoming.chatId, err: (err as Error).message });
    return { problem: problem === 'too_large' ? 'too_large' : 'unavailable' };
  }
}
