import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { feed, spawnNode } from '../helpers/spawnBot';

/**
 * The tests that spawn the bot kill it while they are still writing to its stdin. A write that meets a
 * dead process fails with EPIPE, asynchronously; unless something listens for it, that error is
 * unhandled and fails the whole run, however the tests themselves went.
 */
const IDLE = 'setInterval(() => {}, 1000)';

describe('writing to a child that was killed', () => {
  it('is an unhandled EPIPE on a bare stdin: the hazard the helper exists for', async () => {
    const child = spawn(process.execPath, ['-e', IDLE], { stdio: ['pipe', 'ignore', 'ignore'] });
    const error = once(child.stdin, 'error') as Promise<[NodeJS.ErrnoException]>;
    // More than the pipe holds: the write is still pending when the child dies.
    child.stdin.write('NV3: hoàn thành\n'.repeat(50_000));
    child.kill('SIGKILL');
    const [err] = await error;
    expect(['EPIPE', 'ERR_STREAM_DESTROYED']).toContain(err.code);
  });

  it('is absorbed by the helper, which also stops feeding once the child is gone', async () => {
    const child = spawnNode(['-e', IDLE], {}, ['pipe', 'ignore', 'ignore']);
    expect(feed(child, 'xin chào\n')).toBe(true);
    // A write still pending at the kill, and more after it: the pattern of the fault suite's feeder.
    child.stdin!.write('NV3: hoàn thành\n'.repeat(50_000));
    child.kill('SIGKILL');
    await once(child, 'exit');
    let written = 0;
    for (let i = 0; i < 100; i++) if (feed(child, 'NV7: đang thực hiện\n')) written++;
    child.stdin!.write('một lần ghi trực tiếp nữa\n');
    await new Promise((r) => setTimeout(r, 100));
    expect(written).toBe(0);
    expect(child.stdinErrors).toEqual([]);
    expect(child.stdin!.listenerCount('error')).toBe(1);
  });
});
