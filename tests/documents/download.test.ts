import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadError, isPrivateAddress } from '../../src/channels/download';
import { fetchFromConfiguredRoot, fetchPublicHttps, readCapped } from '../../src/channels/httpsFile';
import { isZaloFileUrl } from '../../src/channels/zalo/files';

const LIMITS = { maxBytes: 1000, timeoutMs: 2000 };
let server: Server | null = null;
let connections = 0;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A local server standing for a file service: `/big` streams 5000 bytes without a length, `/moved` redirects. */
async function serve(): Promise<string> {
  connections = 0;
  server = createServer((req, res) => {
    if (req.url?.endsWith('/big')) {
      res.writeHead(200);
      for (let i = 0; i < 5; i++) res.write(Buffer.alloc(1000, 1));
      return res.end();
    }
    if (req.url?.endsWith('/moved')) {
      res.writeHead(302, { location: 'http://169.254.169.254/latest' });
      return res.end();
    }
    res.writeHead(200, { 'content-length': 3 });
    res.end('abc');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function problemOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (err) {
    return err instanceof DownloadError ? err.problem : `other: ${String(err)}`;
  }
}

describe('where files may be fetched from', () => {
  it('knows loopback, private, link-local and mapped addresses', () => {
    const privateOnes = [
      '127.0.0.1',
      '10.20.30.40',
      '172.16.5.4',
      '192.168.1.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      'not an address',
    ];
    const publicOnes = ['8.8.8.8', '113.161.1.1', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'];
    expect(privateOnes.filter((a) => !isPrivateAddress(a))).toEqual([]);
    expect(publicOnes.filter((a) => isPrivateAddress(a))).toEqual([]);
  });

  it("takes only Zalo's file hosts, over https, by name", () => {
    const ok = [
      'https://f21-zfile.zdn.vn/a/b.docx',
      'https://photo-stal-24.zdn.vn/jpg/x.jpg',
      'https://s120.zadn.vn/x',
    ];
    const refused = [
      'http://f21-zfile.zdn.vn/a/b.docx',
      'https://zdn.vn.evil.example/b.docx',
      'https://evilzdn.vn/b.docx',
      'https://f21-zfile.zdn.vn:8443/b.docx',
      'https://user:pw@f21-zfile.zdn.vn/b.docx',
      'https://127.0.0.1/b.docx',
    ];
    expect(ok.filter((u) => !isZaloFileUrl(new URL(u)))).toEqual([]);
    expect(refused.filter((u) => isZaloFileUrl(new URL(u)))).toEqual([]);
  });

  it('refuses a public-looking name that resolves to a private address, before connecting', async () => {
    const root = await serve();
    const port = new URL(root).port;
    const url = new URL(`https://localhost:${port}/file.pdf`);
    expect(await problemOf(fetchPublicHttps(url, LIMITS, () => true))).toBe('forbidden_source');
    expect(
      await problemOf(fetchPublicHttps(new URL(`https://127.0.0.1:${port}/x`), LIMITS, () => true)),
    ).toBe('forbidden_source');
    expect(await problemOf(fetchPublicHttps(new URL(`${root}/x`), LIMITS, () => true))).toBe(
      'forbidden_source',
    );
    expect(connections).toBe(0);
  });

  it('fetches exactly under the configured API root, without redirects, within the size limit', async () => {
    const root = await serve();
    const base = new URL(`${root}/file/bot123:abc/`);
    expect((await fetchFromConfiguredRoot(new URL('documents/a.pdf', base), base, LIMITS)).toString()).toBe(
      'abc',
    );
    expect(await problemOf(fetchFromConfiguredRoot(new URL(`${root}/other/a.pdf`), base, LIMITS))).toBe(
      'forbidden_source',
    );
    expect(
      await problemOf(
        fetchFromConfiguredRoot(new URL('https://api.telegram.org/file/bot123:abc/a'), base, LIMITS),
      ),
    ).toBe('forbidden_source');
    // A redirect (here to the cloud metadata address) is not followed.
    expect(await problemOf(fetchFromConfiguredRoot(new URL('moved', base), base, LIMITS))).toBe(
      'unavailable',
    );
    // No declared length: the bytes are counted as they come, and the download stops past the limit.
    expect(await problemOf(fetchFromConfiguredRoot(new URL('big', base), base, LIMITS))).toBe('too_large');
  });

  it('stops reading a body as soon as it passes the limit', async () => {
    let pulled = 0;
    async function* body() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield new Uint8Array(400);
      }
    }
    expect(await problemOf(readCapped(body(), 1000, NaN))).toBe('too_large');
    expect(pulled).toBe(3);
    expect(await problemOf(readCapped(body(), 1000, 5000))).toBe('too_large'); // declared: not read at all
    expect(pulled).toBe(3);
  });
});
