import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { App } from '../../src/app';
import { HttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { LINK_TTL_MS } from '../../src/storage/web';
import { mountWeb } from '../../src/web/app';

/** One figure of the bench (the shape `scripts/bench.ts` records). */
export interface WebFigure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: string;
  met: boolean;
  note?: string;
  /** The latency's percentiles in ms, as numbers for `--json`. */
  percentiles?: { p50: number; p95: number; p99: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * The web page on the bench's ward (200 units, 1,000 difficulties, the reports the other parts sent):
 * every page over real HTTP on 127.0.0.1, signed in as the chat that may see it, from the request to the
 * last byte. The baseline is the cheapest guarded route through the same server (the overview's refresh
 * check: the session, the guard, one small query). Target: p95 under 50 ms for every page.
 */
export async function benchWeb(app: App, dir: string, quick: boolean): Promise<WebFigure[]> {
  const { deps } = app;
  deps.settings.exportDir = join(dir, 'web-exports');
  mkdirSync(deps.settings.exportDir, { recursive: true });
  const http = new HttpServer({ host: '127.0.0.1', port: 0, logger: silentLogger });
  mountWeb(http, { deps, bot: app.bot, logger: silentLogger, secure: false, publicOrigin: null });
  await http.start();
  const base = `http://127.0.0.1:${http.port}`;
  deps.settings.webUrl = () => base;
  const now = deps.clock();
  /** A session of a bound chat, signed in through its link as a browser would. */
  const cookieOf = async (chatId: string): Promise<string> => {
    const chat = deps.chats.get(chatId);
    if (!chat?.role) throw new Error(`bench chat ${chatId} is not bound`);
    const { token } = deps.web.createLink({ chatId, role: chat.role, unitId: chat.unitId }, now, LINK_TTL_MS);
    const r = await fetch(`${base}/web/dangnhap/${token}`, { method: 'POST', redirect: 'manual' });
    const cookie = r.headers.get('set-cookie')?.split(';')[0];
    if (r.status !== 303 || !cookie) throw new Error(`bench sign-in failed: ${r.status}`);
    return cookie;
  };
  const office = await cookieOf('bench:u0000');
  const unit = await cookieOf('bench:u0017');
  const runs = quick ? 40 : 200;
  const measure = async (path: string, cookie: string) => {
    const times: number[] = [];
    for (let i = 0; i < runs + 5; i++) {
      const t0 = performance.now();
      const r = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = await r.text();
      const ms = performance.now() - t0;
      if (r.status !== 200) throw new Error(`bench: ${path} answered ${r.status}: ${body.slice(0, 200)}`);
      // The first few warm the caches a long-running process has.
      if (i >= 5) times.push(ms);
    }
    return times.sort((a, b) => a - b);
  };
  const figures: WebFigure[] = [];
  try {
    const check = await measure('/web/tinhhinh/phienban', office);
    const baseline = percentile(check, 95);
    const pages: [string, string, string][] = [
      ['overview (unit × task matrix, 200 units)', '/web', office],
      ['unit page (tasks, every revision, difficulties)', '/web/donvi/u0017', unit],
      ['difficulties (1,000 open, 50 a page)', '/web/vuongmac', office],
      ['exports', '/web/xuat', office],
      ['scorecard', '/web/xephang', office],
    ];
    for (const [name, path, cookie] of pages) {
      const t = await measure(path, cookie);
      const p95 = percentile(t, 95);
      figures.push({
        name: `web page: ${name} p50 / p95 / p99`,
        value: Number(p95.toFixed(2)),
        unit: `ms p95 (p50 ${percentile(t, 50).toFixed(2)}, p99 ${percentile(t, 99).toFixed(2)})`,
        baseline: Number(baseline.toFixed(2)),
        ratio: p95 / baseline,
        target: 'p95 < 50 ms',
        met: p95 < 50,
        percentiles: {
          p50: Number(percentile(t, 50).toFixed(2)),
          p95: Number(p95.toFixed(2)),
          p99: Number(percentile(t, 99).toFixed(2)),
        },
        note: `baseline: p95 of the refresh check through the same server (p50 ${percentile(check, 50).toFixed(2)} ms)`,
      });
    }
  } finally {
    await http.stop();
  }
  return figures;
}
