import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Credentials } from 'zca-js';
import { z } from 'zod';

/**
 * The Zalo session on disk: cookie, imei and user agent of the logged-in account. It is a password in
 * all but name: the file is readable by its owner only, written atomically, and never logged.
 */
const cookieList = z.array(z.looseObject({ name: z.string(), value: z.string() }));
const sessionFile = z.object({
  imei: z.string().min(1),
  userAgent: z.string().min(1),
  language: z.string().optional(),
  cookie: z.union([cookieList.min(1), z.object({ url: z.string(), cookies: cookieList.min(1) })]),
  savedAt: z.string().optional(),
});

export class SessionFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionFileError';
  }
}

export interface SavedSession {
  credentials: Credentials;
  /** When the file was last written: tells one login (one incident of expiry) from the next. */
  savedAt: Date;
}

/** The saved session, or null when there is none. A damaged file is an error that names the file. */
export function readSession(path: string): SavedSession | null {
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SessionFileError(`${path}: not a Zalo session file (${(err as Error).message})`, {
      cause: err,
    });
  }
  const parsed = sessionFile.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || '(root)';
    throw new SessionFileError(
      `${path}: not a Zalo session file (${where}: ${parsed.error.issues[0]?.message})`,
    );
  }
  const { savedAt, ...credentials } = parsed.data;
  return {
    credentials: credentials as Credentials,
    savedAt: savedAt ? new Date(savedAt) : statSync(path).mtime,
  };
}

/** Writes the session so that no reader ever sees half a file, readable by the owner only (mode 600). */
export function writeSession(path: string, credentials: Credentials, now: Date): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const body = JSON.stringify({ ...credentials, savedAt: now.toISOString() }, null, 2);
  writeFileSync(tmp, body, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** The cookie part of a session, to tell whether it changed since it was saved. */
export function cookieFingerprint(credentials: Credentials): string {
  return JSON.stringify(credentials.cookie);
}
