import { ChannelError } from '../errors';

/** Zalo's own error codes that change what we do (its limits and codes are unpublished; these are seen). */
export const ZALO_RATE_LIMITED = 221; // "Vượt quá số request cho phép"
export const ZALO_NOT_FRIEND = 123; // messaging someone who is not a friend of the account

/** How long to leave the account alone after Zalo says it has had enough. */
export const ZALO_RATE_LIMIT_PAUSE_MS = 5 * 60_000;

/** Zalo's replies that mean the session is over (logged out, cookie expired). */
const SESSION_OVER = /đăng nhập|login|session|phiên|cookie|unauthori[sz]ed|expired/i;
const NETWORK =
  /fetch failed|ECONNRESET|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket hang up|network|timeout/i;

interface ZaloLikeError {
  name?: string;
  code?: unknown;
  message?: string;
  cause?: { code?: unknown };
}

/** Translates whatever zca-js or the network threw into one of our error kinds. */
export function translateZaloError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  const e = (err ?? {}) as ZaloLikeError;
  const message = e.message ?? String(err);
  const code = typeof e.code === 'number' ? e.code : null;
  if (code === ZALO_RATE_LIMITED)
    return new ChannelError('rate_limited', message, ZALO_RATE_LIMIT_PAUSE_MS, { cause: err });
  if (code === ZALO_NOT_FRIEND) return new ChannelError('recipient_gone', message, null, { cause: err });
  if (NETWORK.test(message) || typeof e.cause?.code === 'string')
    return new ChannelError('network', message, null, { cause: err });
  if (SESSION_OVER.test(message)) return new ChannelError('auth', message, null, { cause: err });
  // Another refusal from Zalo with a code of its own: retrying the same message will not help.
  if (code !== null)
    return new ChannelError('rejected', `Zalo error ${code}: ${message}`, null, { cause: err });
  return new ChannelError('network', message, null, { cause: err });
}
