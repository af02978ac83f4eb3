import { fold } from '../../core/text/fold';

/** A command as typed: `/baocao@ten_bot  NV3: …` → name `baocao`, args `NV3: …`. */
export interface ParsedCommand {
  name: string;
  args: string;
}

export function parseCommand(text: string): ParsedCommand | null {
  const m = /^\s*\/([^\s@]+)(?:@\S+)?(?:[ \t]+|\r?\n|$)([\s\S]*)$/.exec(text);
  if (!m) return null;
  const name = fold(m[1] ?? '').replace(/[^a-z0-9_]/g, '');
  return name ? { name, args: (m[2] ?? '').trim() } : null;
}
