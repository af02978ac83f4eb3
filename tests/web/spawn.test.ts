import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PLANS_DIR } from '../helpers/plans';
import { feed, spawnBot } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';
import { linkIn, WebClient } from '../helpers/web';

/** `WEB=on HTTP_PORT=… npm start`, then `/web` in the console: the program as it is started, spawned. */
let child: ChildProcess | null = null;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  child = null;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the web page of npm start', () => {
  it('prints a sign-in link for /web in the console; the link opens the matrix of the current period', async () => {
    const dir = tempDir();
    const port = await freePort();
    const proc = spawnBot({
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR,
      EXPORT_DIR: join(dir, 'exports'),
      WEB: 'on',
      HTTP_PORT: String(port),
      TZ: 'Asia/Ho_Chi_Minh',
    });
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    feed(proc, ':as vhxh\n/web\n');
    await waitFor(() => /\/web\/dangnhap\/\S+/.test(out), 15_000);
    const link = linkIn(out);
    expect(link.startsWith(`http://127.0.0.1:${port}/web/dangnhap/`)).toBe(true);

    const client = new WebClient(`http://127.0.0.1:${port}`);
    expect((await client.get(link)).text).toContain('>Đăng nhập</button>');
    expect((await client.post(link, {})).status).toBe(303);
    const overview = await client.get('/web');
    expect(overview.status).toBe(200);
    // Seven reporting units, seven tasks: the plan of the repository.
    expect(overview.text.match(/<td class="o /g)).toHaveLength(49);
    expect(overview.text).toMatch(/<h1>Tình hình báo cáo (6 tháng đầu năm|năm) \d{4}<\/h1>/);

    proc.stdin?.end();
    expect(await exited).toBe(0);
  });
});
