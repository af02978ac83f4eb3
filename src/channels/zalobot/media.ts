import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { HttpRoutes } from '../../http/server';

const ROUTE = '/zalobot/media/';
/** How long a picture stays reachable: the platform fetches it when it is sent, or soon after. */
const KEEP_MS = 24 * 3_600_000;
const KEPT_AT_MOST = 500;

/**
 * Pictures the platform fetches by URL (sendPhoto takes an address, not a file): each is served from the
 * shared HTTP server at an unguessable path, under the bot's public address, for a day.
 */
export class PublicMedia {
  private readonly files = new Map<string, { path: string; until: number }>();

  constructor(
    private readonly publicUrl: string,
    http: HttpRoutes,
    private readonly clock: () => number = Date.now,
  ) {
    http.mount('GET', `${ROUTE}*`, async (request) => {
      const token = request.path.slice(ROUTE.length).replace(/\.png$/, '');
      const file = this.files.get(token);
      if (!file || file.until < this.clock()) return { status: 404 };
      const body = await readFile(file.path).catch(() => null);
      if (!body) return { status: 404 };
      return {
        status: 200,
        headers: {
          'content-type': 'image/png',
          'cache-control': 'private, max-age=86400',
          'x-content-type-options': 'nosniff',
        },
        body,
      };
    });
  }

  /** The public address of a picture on disk, valid for a day. */
  publish(path: string): string {
    const now = this.clock();
    for (const [token, file] of this.files) if (file.until < now) this.files.delete(token);
    while (this.files.size >= KEPT_AT_MOST) {
      const oldest = this.files.keys().next().value;
      if (oldest === undefined) break;
      this.files.delete(oldest);
    }
    // 128 random bits: the path is the only thing that guards the picture.
    const token = randomBytes(16).toString('base64url');
    this.files.set(token, { path, until: now + KEEP_MS });
    return `${this.publicUrl.replace(/\/$/, '')}${ROUTE}${token}.png`;
  }
}
