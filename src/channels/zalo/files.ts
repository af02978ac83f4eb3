import type { DownloadLimits } from '../channel';

/** Zalo's own file and image services (`f21-zfile.zdn.vn`, `photo-stal-24.zdn.vn`, …). */
const ZALO_FILE_DOMAINS = ['zdn.vn', 'zadn.vn', 'zalo.me', 'zaloapp.com'];

/** Whether a link is Zalo's file service over https: a host name under Zalo's domains, never an address. */
export function isZaloFileUrl(url: URL): boolean {
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  if (url.port && url.port !== '443') return false;
  const host = url.hostname.toLowerCase();
  return ZALO_FILE_DOMAINS.some((d) => host.endsWith(`.${d}`));
}

/** Fetches a file from Zalo's file service, following redirects only within it. */
export async function fetchZaloFile(url: URL, limits: DownloadLimits): Promise<Buffer> {
  const { fetchPublicHttps } = await import('../httpsFile');
  return fetchPublicHttps(url, limits, isZaloFileUrl);
}
