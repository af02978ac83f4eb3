import type { Channel, Incoming, IncomingAttachment } from '../../channels/channel';
import { DownloadError } from '../../channels/download';
import type { DocumentType } from '../../core/documents';
import { ALBUM_WINDOW_MS, fileCandidate, planNumberOf } from '../../core/documents';
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
 * group, a colleague's slides): it is neither fetched, nor kept, nor answered. A later member of an album
 * taken as the report is the report's, whatever its caption; a member that comes before its album is
 * known as a report is held (see `holdIfAlbum`) and taken in when it is.
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
  // A page of an album whose earlier member was taken as the report is part of that report, whatever
  // its caption (the caption goes on one picture only): it is fetched and checked like the first.
  const joins = joinsAlbum(deps, incoming);
  // The office shares reports of all kinds in its own group: only a file addressed to the bot is its own.
  if (role === 'office' && !addressed && !joins) return holdIfAlbum(deps, incoming);
  // A caption that is another command (/xem, /help…) is that command; the file is not taken.
  const command = parseCommand(incoming.text);
  if (command && findCommand(command.name) !== reportCommand) return { type: 'not_fetched' };

  const planNumbers = deps.planSet.plans.map((p) => planNumberOf(p.number));
  const candidate = joins
    ? 'report'
    : fileCandidate(
        { addressed, caption: incoming.text, name: attachment.name },
        attachment.kind,
        planNumbers,
      );
  if (candidate === 'not_report') return holdIfAlbum(deps, incoming);
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
  // A neutral document read to know: not a report, unless its album became one while it was read (the
  // check and the hold are one synchronous step, so no report member is stored in between unseen).
  if (!sure && !inspection.reading.readsAsReport && !joinsAlbum(deps, incoming))
    return holdIfAlbum(deps, incoming);

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

/** Whether the message is a later member of an album a member of which was kept as the report here. */
function joinsAlbum(deps: BotDeps, incoming: Incoming): boolean {
  const album = incoming.attachment?.album;
  return album !== undefined && deps.documents.albumHead(incoming.chatId, album) !== null;
}

/**
 * A file not taken as a report, not for the bot. A member of an album is held, unfetched and unanswered,
 * in case a member sent with it names the report and comes later (Telegram does not promise the order):
 * that member takes it in. Call it in the same synchronous step as the `joinsAlbum` check that found the
 * album no report, so that its report member cannot be stored in between unseen.
 */
function holdIfAlbum(deps: BotDeps, incoming: Incoming): null {
  if (incoming.attachment?.album) deps.albums.hold(incoming, ALBUM_WINDOW_MS);
  return null;
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
