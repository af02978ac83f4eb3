import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { request } from 'node:https';
import { isIP } from 'node:net';
import type { DownloadLimits } from './channel';
import { DownloadError, isPrivateAddress } from './download';

/**
 * Downloading a file a user sent, from the platform's file service. Shared by the channels: a size cap
 * enforced on the bytes as they arrive (whatever the headers say), a time limit, no redirects to
 * elsewhere, and never a connection to a loopback, private or link-local address.
 */

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * `dns.lookup` that refuses private addresses. The connection uses the address checked here, so a name
 * that resolves differently a moment later (DNS rebinding) cannot slip through.
 */
export function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) {
      const e: NodeJS.ErrnoException = new Error(`${hostname} resolves to a private address`);
      e.code = 'EPRIVATEADDRESS';
      return callback(e, []);
    }
    if (options.all) return callback(null, list);
    const first = list[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
}

/**
 * GETs a public https URL with the limits: `allowed` is asked about the URL and every redirect target
 * before any connection; an IP literal, a private address or plain http is refused.
 */
export async function fetchPublicHttps(
  url: URL,
  limits: DownloadLimits,
  allowed: (url: URL) => boolean,
  redirectsLeft = 3,
): Promise<Buffer> {
  if (url.protocol !== 'https:' || !allowed(url))
    throw new DownloadError('forbidden_source', `not the platform's file service: ${url.host}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && isPrivateAddress(host))
    throw new DownloadError('forbidden_source', `a private address: ${url.host}`);
  const { status, location, body } = await new Promise<{
    status: number;
    location: string | null;
    body: Buffer | null;
  }>((resolve, reject) => {
    const req = request(url, { method: 'GET', lookup: publicLookup, timeout: limits.timeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        return resolve({ status, location: res.headers.location ?? null, body: null });
      }
      if (status !== 200) {
        res.resume();
        return resolve({ status, location: null, body: null });
      }
      readCapped(res, limits.maxBytes, Number(res.headers['content-length'] ?? NaN)).then(
        (body) => resolve({ status, location: null, body }),
        reject,
      );
    });
    req.on('timeout', () => req.destroy(new DownloadError('unavailable', 'download timed out')));
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err instanceof DownloadError
          ? err
          : err.code === 'EPRIVATEADDRESS'
            ? new DownloadError('forbidden_source', err.message, { cause: err })
            : new DownloadError('unavailable', err.message, { cause: err }),
      ),
    );
    req.end();
  });
  if (body) return body;
  if (location && redirectsLeft > 0)
    return fetchPublicHttps(new URL(location, url), limits, allowed, redirectsLeft - 1);
  throw new DownloadError('unavailable', `the file service answered ${status}`);
}

/**
 * GETs a URL of a service the administrator configured (Telegram's API root, which may be a local Bot API
 * server): exactly that origin, no redirects, with the limits.
 */
export async function fetchFromConfiguredRoot(url: URL, root: URL, limits: DownloadLimits): Promise<Buffer> {
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname.replace(/\/?$/, '/')))
    throw new DownloadError('forbidden_source', `not under the configured API root: ${url.origin}`);
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(limits.timeoutMs) });
  } catch (err) {
    throw new DownloadError('unavailable', (err as Error).message, { cause: err });
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel().catch(() => {});
    throw new DownloadError('unavailable', `the file service answered ${res.status}`);
  }
  return readCapped(res.body, limits.maxBytes, Number(res.headers.get('content-length') ?? NaN));
}

/** Reads a body whole, stopping as soon as it passes `maxBytes` (the declared length is checked first). */
export async function readCapped(
  body: AsyncIterable<Uint8Array> & { destroy?: () => void; cancel?: () => Promise<void> },
  maxBytes: number,
  declared: number,
): Promise<Buffer> {
  const stop = () => {
    body.destroy?.();
    void body.cancel?.().catch(() => {});
  };
  if (Number.isFinite(declared) && declared > maxBytes) {
    stop();
    throw new DownloadError('too_large', `declared ${declared} bytes, over ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > maxBytes) {
      stop();
      throw new DownloadError('too_large', `more than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
