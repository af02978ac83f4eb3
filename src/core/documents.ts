import { parseReport } from './report/parse';
import { fold } from './text/fold';

/**
 * Report documents: the file types a unit may send, and when a file counts as the unit's report.
 * Pure: the bytes are read elsewhere; here are only names, types and rules.
 */

/** File types taken as a report document, as detected from the bytes (never from the name). */
export const DOCUMENT_TYPES = ['pdf', 'docx', 'doc', 'xlsx', 'jpg', 'png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export function isDocumentType(ext: string | null | undefined): ext is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(ext ?? '');
}

/**
 * Types whose text the bot reads (a PDF's text layer, a Word body and its tables, a workbook's rows); the
 * others (photos, scans, the old .doc) are kept as submitted only.
 */
export function hasReadableText(type: DocumentType): type is 'pdf' | 'docx' | 'xlsx' {
  return type === 'pdf' || type === 'docx' || type === 'xlsx';
}

export function isImage(type: DocumentType): boolean {
  return type === 'jpg' || type === 'png';
}

/** How a file reached the bot, as far as the rule below cares. */
export interface FileArrival {
  /** The message is meant for the bot: a direct chat, a reply to the bot, a mention, a command. */
  addressed: boolean;
  /** Caption (the message's text), possibly empty. */
  caption: string;
  /** File name as sent; null for a photo. Read for what it says, never for the type. */
  name: string | null;
}

const REPORT_WORDS = /(?:^|[^a-z])(?:bao\s*cao|baocao|bc)(?:[^a-z]|$)/;

/**
 * Whether a caption or a file name names a report: "báo cáo", "/baocao", "BC 6 thang", or the plan's
 * number ("KH 168"). Names use `_`, `-` and `.` for spaces.
 */
export function namesReport(text: string, planNumbers: readonly string[]): boolean {
  const f = fold(text.replace(/[_.+-]+/g, ' '));
  return REPORT_WORDS.test(f) || mentionsPlan(text, planNumbers);
}

/** Whether a text names one of the plans by number: "KH 168", "Kế hoạch số 168/KH-UBND". */
export function mentionsPlan(text: string, planNumbers: readonly string[]): boolean {
  const f = fold(text.replace(/[_.+-]+/g, ' '));
  return planNumbers.some((n) => new RegExp(`(?:kh|ke hoach)\\s*(?:so\\s*)?${n}(?!\\d)`).test(f));
}

/**
 * Whether a document nobody addressed to the bot reads as a report of the plan: task lines with a
 * status or a result, or a report heading that names the plan ("Báo cáo kết quả thực hiện Kế hoạch
 * số 168…") near its top. A meeting invitation or someone's slides do not.
 */
export function textReadsAsReport(text: string | null, planNumbers: readonly string[]): boolean {
  if (!text) return false;
  const parsed = parseReport(text);
  if (parsed.items.some((i) => i.status !== null || i.result.trim() !== '')) return true;
  const head = text.split('\n').slice(0, 40).join(' ');
  return REPORT_WORDS.test(fold(head)) && mentionsPlan(head, planNumbers);
}

/** Tasks a document's text gives a status, each once, in the order they come. */
export function statusCodesIn(text: string): string[] {
  const codes = parseReport(text)
    .items.filter((i) => i.status !== null)
    .map((i) => i.taskCode);
  return [...new Set(codes)];
}

/** What is read as the reply when a file comes: its caption, then the file's own text. */
export function documentText(caption: string, fileText: string | null): string {
  return [caption.trim(), fileText?.trim() ?? ''].filter(Boolean).join('\n\n');
}

/** The number of a plan as people write it in a name: "168/KH-UBND" → "168". */
export function planNumberOf(number: string): string {
  return /^\d+/.exec(number.trim())?.[0] ?? number;
}

/**
 * Before anything is downloaded: whether a file could be the unit's report. A file meant for the bot,
 * or whose caption or name names a report, is one; a document (not a photo) with a neutral name may be
 * one if its text reads as a report, which only its text can tell. Photos of an event, slides and
 * invitations shared in a group are people's business, not the bot's.
 */
export function fileCandidate(
  arrival: FileArrival,
  kind: 'document' | 'photo',
  planNumbers: readonly string[],
): 'report' | 'read_text' | 'not_report' {
  if (arrival.addressed) return 'report';
  if (namesReport(arrival.caption, planNumbers)) return 'report';
  if (arrival.name && namesReport(arrival.name, planNumbers)) return 'report';
  return kind === 'document' ? 'read_text' : 'not_report';
}

/**
 * How long a picture of an album, sent with no caption ahead of the one that names the report, waits
 * for it (by the platform's clock: album members are sent within a second of each other, and arrive
 * within seconds, in any order). After it, a held picture was people's business, and is forgotten.
 */
export const ALBUM_WINDOW_MS = 10 * 60_000;

/**
 * At start, held pictures of albums that never became a report are forgotten once this old: Telegram
 * keeps an update it has not handed over for a day, so no member of theirs can still come.
 */
export const ALBUM_HELD_MAX_MS = 24 * 3_600_000;

/** Size for people: "35 KB", "2,4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

/** A name safe in a zip and on any file system: folded to ASCII, no separators, not too long. */
export function safeFileName(name: string, maxLength = 80): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const cleaned = fold(stem)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength);
  return cleaned || 'tep';
}

/** A folder name from a unit's name, accents kept (zip names are UTF-8), no path characters. */
export function folderName(name: string): string {
  const printable = [...name].map((ch) => ((ch.codePointAt(0) ?? 0) < 32 ? ' ' : ch)).join('');
  return printable.replace(/[\\/:*?"<>|]+/g, '-').trim() || 'don-vi';
}

/** Where a document goes in the period's zip: `Phòng KT-HT-ĐT/2026-06-05_lan-2_bao-cao.docx`. */
export function zipEntryName(
  unitName: string,
  day: string,
  revision: number | null,
  fileName: string | null,
  type: DocumentType,
): string {
  const stem = fileName ? safeFileName(fileName) : 'anh';
  return `${folderName(unitName)}/${day}${revision !== null ? `_lan-${revision}` : ''}_${stem}.${type}`;
}
