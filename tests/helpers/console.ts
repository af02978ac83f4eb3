import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import type { Logger } from '../../src/log';
import type { Runtime, RuntimeOptions } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { PLANS_DIR } from './plans';
import { tempDir } from './tmp';

/**
 * The real runtime with its console channel on in-memory streams, a real SQLite file and a clock the
 * test moves. `say` types one line (or several) and resolves with what the console printed for it.
 */
export class ConsoleSession {
  now: Date;
  private output = '';
  private waiters: (() => void)[] = [];
  private readonly stdin = new PassThrough();
  private readonly stdout = new PassThrough();
  runtime!: Runtime;

  private constructor(
    readonly dir: string,
    start: Date,
  ) {
    this.now = start;
    this.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  static async start(
    start: Date,
    opts: {
      dir?: string;
      env?: Record<string, string>;
      web?: RuntimeOptions['web'];
      logger?: Logger;
      storageBackoff?: RuntimeOptions['storageBackoff'];
    } = {},
  ): Promise<ConsoleSession> {
    const dir = opts.dir ?? tempDir();
    const s = new ConsoleSession(dir, start);
    const config = loadConfig({
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR,
      CONSOLE: 'on',
      ...opts.env,
    });
    s.runtime = await startRuntime(config, {
      logger: opts.logger ?? silentLogger,
      storageBackoff: opts.storageBackoff,
      clock: () => s.now,
      stdin: s.stdin,
      stdout: s.stdout,
      onConsoleLine: () => s.waiters.shift()?.(),
      schedule: false,
      web: opts.web,
    });
    return s;
  }

  get deps() {
    return this.runtime.app.deps;
  }

  /** Types one message (a line; `\n` inside continues it) and returns what was printed meanwhile. */
  async say(text: string): Promise<string> {
    const before = this.output.length;
    const lines = text.split('\n');
    const joined = lines.map((l, i) => (i < lines.length - 1 ? `${l}\\` : l)).join('\n');
    const handled = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.stdin.write(`${joined}\n`);
    await handled;
    // Let queued notices (outbox → console) go out before reading.
    await new Promise((r) => setTimeout(r, 20));
    return this.output.slice(before);
  }

  /** Everything printed so far. */
  get transcript(): string {
    return this.output;
  }

  async stop(): Promise<string> {
    this.stdin.end();
    await this.runtime.finished;
    await this.runtime.stop();
    return this.output;
  }
}
