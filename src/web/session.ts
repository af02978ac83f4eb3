import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import type { HttpRequest } from '../http/server';

/** The session cookie's name. */
export const COOKIE = 'phien';

/** The value of one cookie of the request, or null. */
export function cookieOf(request: HttpRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * The session cookie: readable by no script (HttpOnly), sent on no request another site starts
 * (SameSite=Strict), only over https when the page is served so (Secure), and only to the page's paths.
 */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${COOKIE}=${token}`,
    'Path=/web',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

/**
 * The token a form of this session carries: derived from the session's own token, which no other site can
 * read, so a form another site makes cannot carry it. Nothing to store.
 */
export function csrfToken(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('csrf').digest('base64url');
}

/**
 * Who is asking, for the rate limit and the audit: the peer's address, or, when the peer is the reverse
 * proxy on this machine, the client address the proxy appended last to X-Forwarded-For.
 */
export function clientAddress(request: HttpRequest): string {
  const peer = (request.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  const loopback = peer === '127.0.0.1' || peer === '::1';
  const forwarded = request.headers['x-forwarded-for'];
  if (loopback && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)?.trim() ?? '';
    if (isIP(last)) return last;
  }
  return peer;
}

/**
 * Counts attempts in fixed windows, per key and overall: past either limit, attempts are refused until
 * the window ends. In memory: a restart forgets, which costs an attacker nothing they could use against
 * 256-bit tokens.
 */
export class AttemptLimiter {
  private readonly counts = new Map<string, number>();
  private total = 0;
  private windowStart = 0;

  constructor(
    private readonly options: { perKey: number; overall: number; windowMs: number },
    private readonly clock: () => number,
  ) {}

  /** Counts one attempt; `allowed` false past a limit, `first` true for the first refusal of the window. */
  attempt(key: string): { allowed: boolean; first: boolean } {
    const now = this.clock();
    if (now - this.windowStart >= this.options.windowMs) {
      this.counts.clear();
      this.total = 0;
      this.windowStart = now;
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    this.total++;
    const allowed = count <= this.options.perKey && this.total <= this.options.overall;
    const first = !allowed && (count === this.options.perKey + 1 || this.total === this.options.overall + 1);
    return { allowed, first };
  }
}
