import { parentPort, workerData } from 'node:worker_threads';
import { fileTypeFromBuffer } from 'file-type';
import type { DocumentType } from '../core/documents';
import { isDocumentType, statusCodesIn, textReadsAsReport } from '../core/documents';
import type { InspectLimits, TextReading, WorkerMessage } from './inspect';
import { docxText } from './docxText';
import { xlsxText } from './xlsxText';
import { checkZip } from './zipGuard';

/*
 * Runs in a worker thread, on bytes a user sent: detects the type from the bytes, measures what a zip
 * container really unpacks to, and reads the text of a .docx (its tables row by row), of an .xlsx's rows
 * or of a PDF's text layer, within the page, row, cell and character limits. Nothing here is executed or rendered; PDF fonts are not compiled (no eval).
 * The main thread kills the worker when it takes too long or runs out of its memory.
 */

const { bytes, limits, planNumbers } = workerData as {
  bytes: Uint8Array;
  limits: InspectLimits;
  planNumbers: string[];
};
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The old Word format is a compound file (CFB) with a "WordDocument" stream; an .xls or .msg is not. */
function isWordCfb(b: Uint8Array): boolean {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes(Buffer.from('WordDocument', 'utf16le'));
}

async function detect(): Promise<{
  type: DocumentType | null;
  detected: string | null;
  mime: string | null;
}> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return { type: null, detected: null, mime: null };
  if (found.ext === 'cfb')
    return isWordCfb(bytes)
      ? { type: 'doc', detected: 'doc', mime: 'application/msword' }
      : { type: null, detected: 'cfb', mime: found.mime };
  return { type: isDocumentType(found.ext) ? found.ext : null, detected: found.ext, mime: found.mime };
}

async function pdfText(): Promise<{ text: string; pages: number; truncated: boolean }> {
  const { getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(bytes), {
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    verbosity: 0,
  });
  const pages = Math.min(pdf.numPages, limits.maxPages);
  let text = '';
  for (let n = 1; n <= pages && text.length < limits.maxChars; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    text += '\n';
    page.cleanup();
  }
  await pdf.destroy();
  return { text, pages: pdf.numPages, truncated: pdf.numPages > pages };
}

function reading(text: string): TextReading {
  return { readsAsReport: textReadsAsReport(text, planNumbers), statusCodes: statusCodesIn(text) };
}

async function main(): Promise<void> {
  // A zip container is measured before anything (file-type included) reads inside it.
  const zip = isZip(bytes) ? checkZip(bytes, limits.maxUnpackedBytes) : null;
  if (zip?.type === 'too_large') return post({ stage: 'refused', problem: 'zip_bomb' });
  const { type, detected, mime } = await detect();
  post({ stage: 'type', type, detected, mime });
  if (!type) return;
  if ((type === 'docx' || type === 'xlsx') && zip?.type !== 'ok')
    return post({ stage: 'text', text: null, pages: null, truncated: false, problem: 'damaged' });
  if (type === 'docx' || type === 'xlsx') {
    const r = type === 'docx' ? await docxText(bytes, limits.maxChars) : await xlsxText(bytes, limits);
    const text = r.text.slice(0, limits.maxChars);
    return post({
      stage: 'text',
      text,
      pages: null,
      truncated: r.truncated || r.text.length > limits.maxChars,
      problem: null,
      reading: reading(text),
    });
  }
  if (type === 'pdf') {
    const r = await pdfText();
    const text = r.text.slice(0, limits.maxChars);
    return post({
      stage: 'text',
      text,
      pages: r.pages,
      truncated: r.truncated || r.text.length > limits.maxChars,
      problem: null,
      reading: reading(text),
    });
  }
}

main().catch((err: unknown) =>
  post({
    stage: 'text',
    text: null,
    pages: null,
    truncated: false,
    problem: 'damaged',
    detail: String(err).slice(0, 300),
  }),
);
