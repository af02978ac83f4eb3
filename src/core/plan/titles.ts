import { fold } from '../text/fold';
import type { Task } from './types';

/** Syllable pairs of a folded text, clause by clause: Vietnamese words are mostly two syllables. */
function pairs(folded: string): Set<string> {
  const out = new Set<string>();
  for (const clause of folded.split(/[,;:.()"“”–—-]+/)) {
    const words = clause.match(/[a-z0-9]+/g) ?? [];
    for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  }
  return out;
}

/** Pairs too common in the plan to tell its tasks apart. */
const COMMON = new Set([
  'thuc hien',
  'nguoi dan',
  'gan dan',
  'cong tac',
  'mo hinh',
  'phong trao',
  'thi dua',
  'tang cuong',
  'nang cao',
  'chinh quyen',
  'don vi',
  'trien khai',
  'to chuc',
]);

/**
 * The one task among `tasks` (the unit's own) that a label names by its content ("Quy tắc ứng xử, đạo
 * đức công vụ", "cai cach hanh chinh", "Dân vận khéo"), or null when none or several fit. A task fits by
 * the word pairs the label shares with its title (twice) and its text (once); it is chosen only when it
 * shares two pairs or more, and scores well above any other task (at most one shared pair, or a third of its score),
 * so a label that could be two tasks ("công khai, minh bạch" is in NV3's text and NV5's title) is asked
 * about, not guessed.
 */
export function taskByTitle(
  label: string,
  tasks: readonly Task[],
  others: readonly Task[] = [],
): Task | null {
  const wanted = [...pairs(fold(label))].filter((p) => !COMMON.has(p));
  if (wanted.length === 0) return null;
  const score = (task: Task) => {
    const title = pairs(fold(task.title));
    const text = pairs(fold(task.text));
    const shared = wanted.filter((p) => title.has(p) || text.has(p));
    const points = shared.reduce((n, p) => n + (title.has(p) ? 2 : 1), 0);
    return { task, score: shared.length >= 2 ? points : 0, any: shared.length };
  };
  const scored = tasks.map(score).sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  const other = Math.max(second?.score ?? 0, second?.any ?? 0);
  if (!best || best.score < 2 || (other > 1 && best.score < 3 * other)) return null;
  // A name that fits a task of another unit better ("Phối hợp tham mưu … nghị quyết" is NV1's) is not
  // this unit's task, however it scores here.
  if (others.some((t) => !tasks.includes(t) && score(t).score > best.score)) return null;
  return best.task;
}
