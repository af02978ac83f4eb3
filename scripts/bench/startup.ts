import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { helpMessage } from '../../src/core/messages/help';
import { plain } from '../../src/core/messages/format';

/** One figure of the bench (the shape `scripts/bench.ts` records). */
export interface StartupFigure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: string;
  met: boolean;
  note?: string;
}

interface Run {
  ms: number;
  rssMb: number | null;
}

const ROOT = join(import.meta.dirname, '../..');
/** What `npm start` runs after `node`, read from package.json: the bench runs exactly that. */
const START = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } })
  .scripts.start;
const START_ARGS = START.split(/\s+/).slice(1);

/**
 * A bare Node process that answers the first line it reads: the same work as the bot's, minus the bot.
 * Written to stdout as the console writes it.
 */
const BARE =
  "process.stdin.once('data', () => process.stdout.write('answered\\n')); setInterval(() => {}, 1000);";

/**
 * Spawns `args`, types `/help` at once, and measures the time until `marker` is printed (the first answered
 * message, not a log line), then the resident memory once it has settled.
 */
function run(args: string[], env: Record<string, string>, marker: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ENV_FILE: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let answered = false;
    child.stdin.on('error', () => {});
    child.stdin.write('/help\n');
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (answered || !out.includes(marker)) return;
      answered = true;
      const ms = performance.now() - t0;
      // Settled: what start-up set going after the first answer (the scheduler's catch-up tick, a second
      // later, and its minute ticks) has run and is loaded.
      setTimeout(() => {
        const status = `/proc/${child.pid}/status`;
        const rssKb = existsSync(status)
          ? Number(/VmRSS:\s+(\d+)/.exec(readFileSync(status, 'utf8'))?.[1])
          : NaN;
        child.kill('SIGKILL');
        resolve({ ms, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : null });
      }, 1500);
    });
    child.on('exit', (code) => {
      if (!answered) reject(new Error(`exited ${code} before answering:\n${err}`));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Start-up of `npm start`'s command line up to the first answered message (`/help` typed in the console)
 * and its resident memory then, each against a bare Node process doing the same in the same run. Runs
 * alternate, and the medians count, so that a busy machine slows both alike. The database is made and
 * migrated by a first run that is not counted: a restart is what is measured.
 */
export async function benchStartup(dir: string, quick: boolean): Promise<StartupFigure[]> {
  const env = { DATABASE_PATH: join(dir, 'start.sqlite'), PLANS_DIR: join(ROOT, 'plans'), CONSOLE: 'on' };
  // The last line of the office's /help: the whole answer has been printed.
  const marker = plain(helpMessage('office', [], { name: '', short: '' }).split('\n').at(-1) ?? '');
  await run(START_ARGS, env, marker);
  const bare: Run[] = [];
  const bot: Run[] = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    bare.push(await run(['-e', BARE], {}, 'answered'));
    bot.push(await run(START_ARGS, env, marker));
  }
  const ms = { bot: median(bot.map((r) => r.ms)), bare: median(bare.map((r) => r.ms)) };
  const figures: StartupFigure[] = [
    {
      name: 'start-up to the first answered message (/help in the console)',
      value: Math.round(ms.bot),
      unit: 'ms',
      baseline: Math.round(ms.bare),
      ratio: ms.bot / ms.bare,
      target: '≤ 4 × bare Node',
      met: ms.bot / ms.bare <= 4,
      note: `median of ${bot.length}; baseline: a bare Node process answering a line; \`${START}\``,
    },
  ];
  if (bot.every((r) => r.rssMb !== null) && bare.every((r) => r.rssMb !== null)) {
    const mb = { bot: median(bot.map((r) => r.rssMb ?? 0)), bare: median(bare.map((r) => r.rssMb ?? 0)) };
    figures.push({
      name: 'resident memory after the first answer',
      value: Number(mb.bot.toFixed(1)),
      unit: 'MB',
      baseline: Number(mb.bare.toFixed(1)),
      ratio: mb.bot / mb.bare,
      target: '≤ 2 × bare Node',
      met: mb.bot / mb.bare <= 2,
      note: 'VmRSS 1.5 s after the answer (the catch-up tick has run); baseline: the same bare Node process',
    });
  }
  return figures;
}
