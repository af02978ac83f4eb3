import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretMatches } from '../../src/http/secret';
import { HttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { tempDir } from '../helpers/tmp';

let server: HttpServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

async function serve(options: Partial<ConstructorParameters<typeof HttpServer>[0]> = {}): Promise<string> {
  server = new HttpServer({ host: '127.0.0.1', port: 0, logger: silentLogger, ...options });
  return `http://127.0.0.1:${server.port ?? 0}`;
}

describe('the shared HTTP server', () => {
  it('routes by method and path, prefix routes included; 404 and 405 otherwise', async () => {
    await serve();
    server!.mount('POST', '/hook', (r) => ({ status: 200, body: `hook ${r.body.toString()}` }));
    server!.mount('GET', '/media/*', (r) => ({ status: 200, body: r.path }));
    await server!.start();
    const base = `http://127.0.0.1:${server!.port}`;
    const hook = await fetch(`${base}/hook?x=1`, { method: 'POST', body: 'xin chào' });
    expect([hook.status, await hook.text()]).toEqual([200, 'hook xin chào']);
    const media = await fetch(`${base}/media/abc/chart.png`);
    expect([media.status, await media.text()]).toEqual([200, '/media/abc/chart.png']);
    expect((await fetch(`${base}/hook`)).status).toBe(405);
    expect((await fetch(`${base}/khong-co`)).status).toBe(404);
    expect(() => server!.mount('POST', '/hook', () => ({ status: 200 }))).toThrow(/mounted twice/);
  });

  it('refuses a body over its limit unread, answers 500 for a failing route, and keeps serving', async () => {
    await serve({ bodyLimitBytes: 1024 });
    let called = 0;
    server!.mount('POST', '/hook', () => {
      called++;
      return { status: 200 };
    });
    server!.mount('POST', '/broken', () => {
      throw new Error('lỗi trong route');
    });
    await server!.start();
    const base = `http://127.0.0.1:${server!.port}`;
    expect((await fetch(`${base}/hook`, { method: 'POST', body: 'x'.repeat(4096) })).status).toBe(413);
    expect(called).toBe(0);
    expect((await fetch(`${base}/broken`, { method: 'POST', body: '{}' })).status).toBe(500);
    expect((await fetch(`${base}/hook`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect(called).toBe(1);
  });

  it('lets a request in progress finish at shutdown, then takes no more', async () => {
    await serve();
    let release: () => void = () => {};
    server!.mount('POST', '/slow', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { status: 200, body: 'xong' };
    });
    await server!.start();
    const base = `http://127.0.0.1:${server!.port}`;
    const slow = fetch(`${base}/slow`, { method: 'POST', body: '{}' });
    await new Promise((r) => setTimeout(r, 50));
    const stopping = server!.stop();
    release();
    const answer = await slow;
    expect([answer.status, await answer.text()]).toEqual([200, 'xong']);
    await stopping;
    await expect(fetch(`${base}/slow`, { method: 'POST', body: '{}' })).rejects.toThrow();
    server = null;
  });

  it('streams a file as the body, with its length, and answers 404 for a file gone since', async () => {
    const dir = tempDir();
    const path = join(dir, 'bang-tinh.xlsx');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 7, 'ab');
    writeFileSync(path, bytes);
    await serve();
    let remote: string | null = null;
    server!.mount('GET', '/tep/*', (r) => {
      remote = r.remoteAddress;
      const file = join(dir, r.path.slice('/tep/'.length));
      return {
        status: 200,
        headers: { 'content-type': 'application/octet-stream' },
        file: { path: file, size: bytes.length },
      };
    });
    await server!.start();
    const base = `http://127.0.0.1:${server!.port}`;
    const r = await fetch(`${base}/tep/bang-tinh.xlsx`);
    expect([r.status, r.headers.get('content-length'), r.headers.get('content-type')]).toEqual([
      200,
      String(bytes.length),
      'application/octet-stream',
    ]);
    expect(Buffer.from(await r.arrayBuffer()).equals(bytes)).toBe(true);
    expect(remote).toMatch(/127\.0\.0\.1$/);
    expect((await fetch(`${base}/tep/khong-con.xlsx`)).status).toBe(404);
  });

  it('compares secrets whatever their lengths, and refuses a missing one', () => {
    expect(secretMatches('bí-mật-123', 'bí-mật-123')).toBe(true);
    expect(secretMatches('bí-mật-124', 'bí-mật-123')).toBe(false);
    expect(secretMatches('ngắn', 'bí-mật-123-dài-hơn')).toBe(false);
    expect(secretMatches(undefined, 'bí-mật-123')).toBe(false);
    expect(secretMatches(['a', 'b'], 'a')).toBe(false);
  });
});
