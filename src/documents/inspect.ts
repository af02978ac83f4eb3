import type { Worker as WorkerThread } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { DocumentType } from '../core/documents';

/** Limits of reading one file. */
export interface InspectLimits {
  /** Most bytes a .docx or .xlsx may unpack to, counted as they are inflated. */
  maxUnpackedBytes: number;
  /** PDF pages read for text; the rest of a longer PDF is kept but not read. */
  maxPages: number;
  /** Characters of text kept. */
  maxChars: number;
  /** Visible sheets of an .xlsx read, in order. */
  maxSheets: number;
  /** Non-empty rows of an .xlsx read, over its sheets. */
  maxRows: number;
  /** Non-empty cells of an .xlsx read, over its sheets. */
  maxCells: number;
  /** Time for the whole reading, after which the worker is stopped. */
  timeoutMs: number;
  /** Heap of the worker, in MB: a file that needs more is read as unreadable. */
  memoryMb: number;
}

export const DEFAULT_INSPECT_LIMITS: InspectLimits = {
  maxUnpackedBytes: 100 * 1024 * 1024,
  maxPages: 50,
  // About 20 pages of prose: the report's task lines are read on the main thread, ~13 ms at this size.
  maxChars: 60_000,
  // A report form is a few dozen rows; a 2,000-row sheet is a list, read far enough to tell.
  maxSheets: 5,
  maxRows: 2_000,
  maxCells: 20_000,
  timeoutMs: 20_000,
  memoryMb: 256,
};

/** What the worker tells, stage by stage (the last one it reached counts when it is stopped). */
export type WorkerMessage =
  | { stage: 'type'; type: DocumentType | null; detected: string | null; mime: string | null }
  | { stage: 'refused'; problem: 'zip_bomb' }
  | {
      stage: 'text';
      text: string | null;
      pages: number | null;
      truncated: boolean;
      problem: 'damaged' | null;
      detail?: string;
      /** Read in the worker too, so the main thread parses a long text only when it is a report. */
      reading?: TextReading;
    };

/** What the text says, read in the worker with the same reader as a text reply. */
export interface TextReading {
  /** Task lines, or a report heading that names the plan (`textReadsAsReport`). */
  readsAsReport: boolean;
  /** Tasks given a status in the text. */
  statusCodes: string[];
}

/** Why a file of an accepted type gave no text to read. */
export type TextProblem = 'damaged' | 'timeout' | 'no_text_layer';

export type Inspection =
  /** Not one of the accepted types (`detected` is what the bytes are, when known). */
  | { type: 'wrong_type'; detected: string | null }
  /** A zip container (.docx, .xlsx or any zip) that unpacks to more than the limit. */
  | { type: 'zip_bomb' }
  /** The bytes could not even be typed (the reader failed at once). */
  | { type: 'unreadable' }
  | {
      type: 'accepted';
      fileType: DocumentType;
      mime: string;
      /** Text of a .docx, an .xlsx or a PDF's text layer; null for images, .doc and unreadable files. */
      text: string | null;
      reading: TextReading;
      pages: number | null;
      truncated: boolean;
      textProblem: TextProblem | null;
    };

/**
 * The worker's entry: compiled beside the program by `npm run build` (`process.env.PLANBOT_BUILD` is set
 * only there), else the TypeScript through tsx (tests, `npm run bench`).
 */
/** `node:worker_threads` is loaded with the first file: a start needs none of it. */
const require = createRequire(import.meta.url);

const ENTRY = process.env.PLANBOT_BUILD
  ? new URL('./inspect.worker.js', import.meta.url)
  : new URL('./worker.mjs', import.meta.url);

/**
 * Reads a file off the main thread: its type from the bytes, the zip check, and its text. One worker
 * per file, with its own heap limit, stopped after `timeoutMs`: a hostile or broken PDF costs that
 * worker, never the bot's event loop.
 */
export function inspectDocument(
  bytes: Uint8Array,
  limits: InspectLimits = DEFAULT_INSPECT_LIMITS,
  /** The plans' numbers ("168"), for telling a report from another document. */
  planNumbers: readonly string[] = [],
): Promise<Inspection> {
  return new Promise((resolve) => {
    let typed: Extract<WorkerMessage, { stage: 'type' }> | null = null;
    let done = false;
    const { Worker } = require('node:worker_threads') as { Worker: typeof WorkerThread };
    const worker = new Worker(ENTRY, {
      workerData: { bytes, limits, planNumbers },
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32 },
      // pdf.js and mammoth may print warnings about a file; they are not the bot's log.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const finish = (result: Inspection) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    /** What is known when the worker stops without its last word (time, memory, a crash). */
    const cut = (problem: TextProblem): Inspection => {
      if (!typed) return { type: 'unreadable' };
      if (!typed.type) return { type: 'wrong_type', detected: typed.detected };
      return accepted(typed.type, typed.mime, null, null, false, problem);
    };
    const timer = setTimeout(() => finish(cut('timeout')), limits.timeoutMs);
    worker.on('message', (m: WorkerMessage) => {
      if (m.stage === 'type') {
        typed = m;
        if (!m.type) finish({ type: 'wrong_type', detected: m.detected });
        else if (m.type !== 'pdf' && m.type !== 'docx' && m.type !== 'xlsx')
          finish(accepted(m.type, m.mime, null, null, false, null));
      } else if (m.stage === 'refused') {
        finish({ type: 'zip_bomb' });
      } else if (typed?.type) {
        const empty = m.text !== null && m.text.trim() === '';
        const problem = m.problem ?? (empty && typed.type === 'pdf' ? 'no_text_layer' : null);
        finish(
          accepted(typed.type, typed.mime, empty ? null : m.text, m.pages, m.truncated, problem, m.reading),
        );
      } else finish({ type: 'unreadable' });
    });
    worker.on('error', () => finish(cut('damaged')));
    worker.on('exit', () => finish(cut('damaged')));
  });
}

function accepted(
  fileType: DocumentType,
  mime: string | null,
  text: string | null,
  pages: number | null,
  truncated: boolean,
  textProblem: TextProblem | null,
  reading: TextReading = { readsAsReport: false, statusCodes: [] },
): Inspection {
  return {
    type: 'accepted',
    fileType,
    mime: mime ?? 'application/octet-stream',
    text,
    reading,
    pages,
    truncated,
    textProblem,
  };
}
