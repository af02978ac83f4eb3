import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchPart } from './part';
import { round } from './part';

/** Time to ready and resident memory of `npm start`'s own command line, against a bare Node process. */
export const startup: BenchPart = {
  name: 'startup',
  async run(ctx) {
    const run = (argv: string[], env: Record<string, string>) =>
      new Promise<{ ms: number; rssMb: number }>((resolve, reject) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, argv, {
          env: { ...process.env, ENV_FILE: '', ...env },
          stdio: ['pipe', 'ignore', 'pipe'],
        });
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          if (/\bready\b/.test(err)) {
            const ms = performance.now() - t0;
            setTimeout(() => {
              const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
              const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
              child.kill('SIGKILL');
              resolve({ ms, rssMb: rssKb / 1024 });
            }, 300);
          }
        });
        child.on('exit', (code) => {
          if (!/\bready\b/.test(err)) reject(new Error(`exited ${code} before ready: ${err}`));
        });
      });
    const base = await run(['-e', "process.stderr.write('ready\\n'); setInterval(() => {}, 1000)"], {});
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
    const startArgs = pkg.scripts.start.split(/\s+/).slice(1);
    const bot = await run(startArgs, {
      DATABASE_PATH: join(ctx.dir, 'start.sqlite'),
      CONSOLE: 'on',
      LOG_LEVEL: 'info',
    });
    return [
      {
        name: 'start-up to ready (plans loaded, database migrated)',
        value: round(bot.ms),
        unit: 'ms',
        baseline: round(base.ms),
        baselineLabel: 'bare Node',
        ratio: round(bot.ms / base.ms),
        target: '< 2,000 ms',
        met: bot.ms < 2_000,
        note: 'includes compiling the TypeScript with tsx',
      },
      {
        name: 'resident memory after start',
        value: round(bot.rssMb),
        unit: 'MB',
        baseline: round(base.rssMb),
        baselineLabel: 'bare Node',
        ratio: round(bot.rssMb / base.rssMb),
        target: '< 150 MB',
        met: bot.rssMb < 150,
        note: `started as \`${pkg.scripts.start}\``,
      },
    ];
  },
};
