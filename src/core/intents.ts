import { fold } from './text/fold';

/** What a plain (non-command) message asks for, when it is a question the bot knows. */
export type Intent = 'tasks' | 'help' | null;

const TASKS_PATTERNS = [
  /\b(phu trach|chu tri|phoi hop|trach nhiem|duoc giao|phan cong)\b.*\b(gi|nao|nhung|nhiem vu|viec)\b/,
  /\b(nhiem vu|viec|nv)\b.*\b(cua (minh|don vi|chung toi|chung em|phong|ban)|minh|don vi minh|gi|nao)\b.*\??$/,
  /\b(don vi|phong|ban|chung toi|chung em|minh)\b.*\b(lam|phu trach|thuc hien)\b.*\b(gi|nhung gi|nao)\b/,
];

const HELP_PATTERNS = [
  /^(help|huong dan|tro giup|giup (toi|em|voi)|bot (oi|lam duoc gi)|lam sao de bao cao)\b/,
];

/**
 * Recognises plain questions such as "đơn vị mình phụ trách những nhiệm vụ gì?" so they get the same
 * answer as the command. Deliberately narrow: in a group, a false positive would answer people who
 * were talking to each other.
 */
export function detectIntent(text: string): Intent {
  const t = fold(text).replace(/[?!.,;:]+/g, (m) => (m.includes('?') ? ' ?' : ' '));
  if (t.length > 200) return null;
  if (HELP_PATTERNS.some((p) => p.test(t))) return 'help';
  if (TASKS_PATTERNS.some((p) => p.test(t))) return 'tasks';
  return null;
}
