import { spawn } from 'node:child_process';
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBotText } from './botText';

export const ROOT = join(import.meta.dirname, '../..');

/** What `npm run <name>` runs after `node`, read from package.json so the tests run exactly that. */
export function scriptArgs(name: string): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const command = scripts[name] ?? '';
  if (!command.startsWith('node ')) throw new Error(`npm run ${name} is not a node command: ${command}`);
  return command.split(/\s+/).slice(1);
}

/** What `npm start` runs after `node`. */
export const START_ARGS = scriptArgs('start');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns a node process from the project's root with a minimal environment. A piped stdin never raises
 * an unhandled error: a write that was still pending when the child died fails with EPIPE (or, once the
 * stream is torn down, ERR_STREAM_DESTROYED), which a test that kills its child expects and must not
 * report as a failure of its own. Any other stdin error is kept in `stdinErrors` for the test to see.
 */
export function spawnNode(
  args: string[],
  env: Record<string, string>,
  stdio: StdioOptions = ['pipe', 'pipe', 'pipe'],
): ChildProcess & { stdinErrors: Error[] } {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ENV_FILE: '', ...env },
    stdio,
  }) as ChildProcess & { stdinErrors: Error[] };
  child.stdinErrors = [];
  child.stdin?.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') child.stdinErrors.push(err);
  });
  return child;
}

/** Spawns the bot as `npm start` runs it. */
export function spawnBot(env: Record<string, string>, stdio?: StdioOptions) {
  return spawnNode(START_ARGS, env, stdio);
}

/** Writes to a child's stdin if it can still take input; returns whether it was written. */
export function feed(child: ChildProcess, text: string): boolean {
  const stdin = child.stdin;
  if (
    !stdin ||
    stdin.destroyed ||
    stdin.writableEnded ||
    child.exitCode !== null ||
    child.signalCode !== null
  )
    return false;
  stdin.write(text);
  return true;
}

/** Runs the real entry point (as `npm start` does) with the given stdin and environment. */
export function runBot(input: string, env: Record<string, string>, timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnBot({ TZ: 'UTC', ...env });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bot did not finish in ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      // What the bot printed, without the echo of the lines typed into it ("[chat] > …").
      checkBotText(
        stdout
          .split('\n')
          .filter((l) => !/^\[[^\]]*\] > /.test(l))
          .join('\n'),
        'npm start',
      );
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}
