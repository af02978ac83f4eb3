/**
 * `npm run bench [-- --json] [-- --quick] [-- --only <part>]`: measures the bot's hot paths, each figure
 * next to a baseline measured in the same run, each against its target. Exits 1 when a figure misses
 * its target (or a part fails).
 *
 * A part is its own file under `scripts/bench/` exporting a `BenchPart` (see `bench/part.ts`); add it to
 * `PARTS` below.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { commands } from './bench/commands';
import { benchCorpus } from './bench/corpus';
import { documents } from './bench/documents';
import { drainPart } from './bench/drain';
import { due } from './bench/due';
import { inbound } from './bench/inbound';
import { national } from './bench/national';
import type { BenchContext, BenchPart, Figure } from './bench/part';
import { round } from './bench/part';
import { scheduler } from './bench/scheduler';
import { benchStartup } from './bench/startup';
import { seedHistory, wardApp } from './bench/ward';
import { benchWeb } from './bench/web';

/** Start-up to the first answer and memory (`bench/startup.ts`), as a part. */
const startup: BenchPart = { name: 'startup', run: (ctx) => benchStartup(ctx.dir, ctx.quick) };

/** The web page over real HTTP (`bench/web.ts`), on the ward with its history, as a part. */
const web: BenchPart = {
  name: 'web',
  async run(ctx) {
    const app = wardApp(ctx, 'web');
    try {
      seedHistory(app, ctx.log);
      return (await benchWeb(app, ctx.dir, ctx.quick)).map((f) => ({
        ...f,
        ratio: round(f.ratio ?? 0),
        baselineLabel: 'the refresh check, same server',
      }));
    } finally {
      app.close();
    }
  },
};

/** The reader's corpus shares (`bench/corpus.ts`), as a part. */
const corpus: BenchPart = {
  name: 'corpus',
  run: async () => benchCorpus().figures.map((f) => ({ ...f, baseline: null, ratio: null })),
};

/** Every part of the bench, in the order they run. */
const PARTS: BenchPart[] = [
  inbound,
  commands,
  web,
  scheduler,
  due,
  national,
  drainPart,
  documents,
  startup,
  corpus,
];

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const quick = argv.includes('--quick');
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
const log = (msg: string) => {
  if (!json) process.stderr.write(`${msg}\n`);
};

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    });
    return dirty.trim() ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const parts = only ? PARTS.filter((p) => p.name === only) : PARTS;
  if (parts.length === 0) {
    process.stderr.write(`no bench part named ${only}; parts: ${PARTS.map((p) => p.name).join(', ')}\n`);
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'planbot-bench-'));
  const ctx: BenchContext = { dir, quick, log };
  const figures: (Figure & { part: string })[] = [];
  const failed: { part: string; error: string }[] = [];
  try {
    for (const part of parts) {
      log(`— ${part.name}`);
      try {
        for (const f of await part.run(ctx)) figures.push({ part: part.name, ...f });
      } catch (err) {
        failed.push({
          part: part.name,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const machine = {
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    commit: commit(),
    quick,
  };
  const missed = figures.filter((f) => !f.met);
  if (json) {
    const out = figures.map(({ percentiles, ...f }) => ({ ...f, ...(percentiles ?? {}) }));
    process.stdout.write(
      `${JSON.stringify({ machine, figures: out, failed, ok: missed.length + failed.length === 0 }, null, 2)}\n`,
    );
  } else {
    const rows = figures.map((f) => [
      f.met ? 'ok' : 'MISS',
      f.name,
      `${f.value.toLocaleString('en')} ${f.unit}`,
      f.baseline === null ? '' : `${f.baseline.toLocaleString('en')} (${f.baselineLabel ?? ''})`,
      f.ratio === null ? '' : String(f.ratio),
      f.target,
      f.note ?? '',
    ]);
    const head = ['', 'figure', 'value', 'baseline', 'ratio', 'target', 'note'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
    process.stdout.write(
      `Machine: ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}; commit ${machine.commit}${quick ? ' (quick run)' : ''}\n`,
    );
    process.stdout.write(
      `${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}\n`,
    );
    for (const f of failed) process.stdout.write(`\npart ${f.part} failed:\n${f.error}\n`);
    process.stdout.write(
      missed.length + failed.length === 0
        ? `\nAll ${figures.length} figures meet their targets.\n`
        : `\n${missed.length} figure(s) missed their target${failed.length ? `, ${failed.length} part(s) failed` : ''}.\n`,
    );
  }
  return missed.length + failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
