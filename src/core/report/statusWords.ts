import { withinOneEdit } from '../plan/match';
import type { TaskStatus } from './types';

/** Status phrases as people write them, folded (no accents, lower case). Longer phrases are tried first. */
const PHRASES: [string, TaskStatus][] = [
  ['da trien khai xong', 'done'],
  ['da hoan thanh', 'done'],
  ['da hoan tat', 'done'],
  ['da thuc hien', 'done'],
  ['hoan thanh', 'done'],
  ['hoan tat', 'done'],
  ['da xong', 'done'],
  ['da lam', 'done'],
  ['xong', 'done'],
  ['ht', 'done'],
  ['done', 'done'],
  ['thuong xuyen thuc hien', 'in_progress'],
  ['tiep tuc thuc hien', 'in_progress'],
  ['chua hoan thanh', 'in_progress'],
  ['dang thuc hien', 'in_progress'],
  ['dang trien khai', 'in_progress'],
  ['dang tien hanh', 'in_progress'],
  ['dang lam', 'in_progress'],
  ['chua xong', 'in_progress'],
  ['dth', 'in_progress'],
  ['chua thuc hien', 'not_started'],
  ['chua trien khai', 'not_started'],
  ['chua bat dau', 'not_started'],
  ['chua lam', 'not_started'],
  ['chua co', 'not_started'],
  ['cth', 'not_started'],
];

const BY_LENGTH = PHRASES.map(([p, s]) => ({ words: p.split(' '), status: s })).sort(
  (a, b) => b.words.length - a.words.length,
);

/** Word matches a status word: exactly, or with one typo in a word of four letters or more. */
function wordIs(actual: string, expected: string): boolean {
  return (
    actual === expected || (expected.length >= 4 && actual.length >= 4 && withinOneEdit(actual, expected))
  );
}

/**
 * The status a run of folded words starts with, and how many words it took; null when it starts with
 * none ("tổ chức 2 hội nghị" names no status).
 */
export function statusAtStart(words: readonly string[]): { status: TaskStatus; length: number } | null {
  for (const { words: phrase, status } of BY_LENGTH) {
    if (phrase.length > words.length) continue;
    if (phrase.every((w, i) => wordIs(words[i] ?? '', w))) return { status, length: phrase.length };
  }
  return null;
}

/** The status a whole (short) text names, e.g. an argument or a trailing "(đã hoàn thành)". */
export function statusFromWords(words: readonly string[]): TaskStatus | null {
  const found = statusAtStart(words);
  return found && found.length === words.length ? found.status : null;
}
