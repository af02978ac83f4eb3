import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { request } from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { DownloadLimits } from './channel';

/**
 * Downloading a file a user sent, from the platform's file service. Shared by the channels: a size cap
 * enforced on the bytes as they arrive (whatever the headers say), a time limit, no redirects to
 * elsewhere, and never a connection to a loopback, private or link-local address.
 */

export type DownloadProblem =
  /** Larger than the limit (declared or counted). */
  | 'too_large'
  /** A URL that is not the platform's file service, or that points into a private network. */
  | 'forbidden_source'
  /** The platform did not give the file (expired, not found, network trouble). */
  | 'unavailable';

export class DownloadError extends Error {
  constructor(
    readonly problem: DownloadProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address (`::ffff:10.0.0.1`, `64:ff9b::a00:1`). */
function embeddedIpv4(address: string): string | null {
  const a = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) return dotted[1] ?? null;
  const hex = /^(?:::ffff:(?:0:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (!hex) return null;
  const hi = parseInt(hex[1] ?? '0', 16);
  const lo = parseInt(hex[2] ?? '0', 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Loopback, private, link-local, shared, multicast or reserved: nowhere a file service lives. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    return v4 !== null ? blocked.check(v4, 'ipv4') : blocked.check(address, 'ipv6');
  }
  return true;
}

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
