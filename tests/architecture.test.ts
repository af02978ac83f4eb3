import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape the design promises, checked on the sources: no module imports itself back through others
 * (the bot and the scheduler meet in the queries, never each other), and only a channel reads the
 * prefix of its own chat ids.
 */
const SRC = join(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The modules a file loads: its value imports and re-exports (type-only imports load nothing). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'(\.[^']+)'/gm)) {
    if (m[1]) continue;
    const target = resolve(dirname(file), m[2] ?? '');
    for (const candidate of [`${target}.ts`, join(target, 'index.ts')])
      if (statSync(candidate, { throwIfNoEntry: false })) out.push(candidate);
  }
  return out;
}

describe('the architecture', () => {
  const all = files(SRC);
  const graph = new Map(all.map((f) => [f, imports(f)]));

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of all) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the bot and the scheduler apart: the scheduler imports no command, the bot nothing of the scheduler', () => {
    const from = (part: string) => all.filter((f) => relative(SRC, f).startsWith(`${part}/`));
    const reaches = (file: string, part: string) =>
      (graph.get(file) ?? []).some((t) => relative(SRC, t).startsWith(`${part}/`));
    expect(
      from('scheduler')
        .filter((f) => reaches(f, 'bot/commands'))
        .map((f) => relative(SRC, f)),
    ).toEqual([]);
    expect(
      from('bot')
        .filter((f) => reaches(f, 'scheduler'))
        .map((f) => relative(SRC, f)),
    ).toEqual([]);
  });

  it('reads chat-id prefixes only inside the channels', () => {
    const outside = all.filter((f) => !relative(SRC, f).startsWith('channels/'));
    const reading = outside.filter((f) =>
      /startsWith\(\s*['"`](telegram|zalo|zalobot|console)[:'"`]/.test(readFileSync(f, 'utf8')),
    );
    expect(reading.map((f) => relative(SRC, f))).toEqual([]);
  });
});
