import { Inflate } from 'fflate';

/**
 * How many bytes a zip container (.docx, .xlsx) really unpacks to, counted by inflating every entry its
 * central directory lists (the entries a reader such as mammoth opens), and stopping as soon as the
 * count passes the limit. The sizes the archive declares are never believed: a zip bomb lies about them,
 * and overlapping entries are counted each time they are listed.
 */
export type ZipCheck =
  | { type: 'ok'; unpacked: number; entries: number }
  | { type: 'too_large'; unpacked: number }
  | { type: 'damaged'; why: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed input handed to the inflater at a time: DEFLATE expands at most ~1032×, so ≤ 4 MB out. */
const PIECE = 4096;

class Exceeded extends Error {}

export function checkZip(data: Uint8Array, maxUnpacked: number, maxEntries = 10_000): ZipCheck {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return { type: 'damaged', why: 'no end of central directory' };
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (count === 0xffff || at === 0xffffffff) return { type: 'damaged', why: 'zip64 is not accepted' };
  if (count > maxEntries) return { type: 'too_large', unpacked: 0 };
  let unpacked = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL)
      return { type: 'damaged', why: `central directory entry ${i}` };
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    at += 46 + nameLength + extraLength + commentLength;
    if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOCAL)
      return { type: 'damaged', why: `local header of entry ${i}` };
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const end = start + compressed;
    if (end > view.byteLength) return { type: 'damaged', why: `entry ${i} runs past the end` };
    if (method === 0) unpacked += compressed;
    else if (method === 8) {
      try {
        unpacked = inflateCounting(data.subarray(start, end), unpacked, maxUnpacked);
      } catch (err) {
        if (err instanceof Exceeded) return { type: 'too_large', unpacked: maxUnpacked + 1 };
        return { type: 'damaged', why: `entry ${i}: ${(err as Error).message}` };
      }
    } else return { type: 'damaged', why: `entry ${i}: compression method ${method}` };
    if (unpacked > maxUnpacked) return { type: 'too_large', unpacked };
  }
  return { type: 'ok', unpacked, entries: count };
}

/** Inflates one entry piece by piece, adding what comes out to `total`; throws once past `max`. */
function inflateCounting(compressed: Uint8Array, total: number, max: number): number {
  let sum = total;
  const inflater = new Inflate((chunk) => {
    sum += chunk.length;
    if (sum > max) throw new Exceeded();
  });
  for (let i = 0; i < compressed.length; i += PIECE) {
    const last = i + PIECE >= compressed.length;
    inflater.push(compressed.subarray(i, Math.min(i + PIECE, compressed.length)), last);
  }
  if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
  return sum;
}

/** The end-of-central-directory record, searched from the end (it may be followed by a comment). */
function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= lowest; i--) if (view.getUint32(i, true) === EOCD) return i;
  return -1;
}
