import { foldWords } from '../text/fold';
import type { Unit } from './types';

export type UnitMatch =
  { type: 'found'; unit: Unit } | { type: 'ambiguous'; candidates: Unit[] } | { type: 'unknown' };

/** Words that say what kind of body a name is, not which one: they alone never pick a unit. */
const GENERIC = new Set([
  'phong',
  'ban',
  'don',
  'vi',
  'cac',
  'phuong',
  'co',
  'quan',
  'to',
  'chuc',
  'uy',
  'nhan',
  'dan',
]);
/** Words users add around a name ("của", "bên") that carry no meaning for matching. */
const FILLER = new Set(['cua', 'ben', 'thuoc', 'la', 'cho', 've', 'va', 'nhe', 'a', 'oi']);

interface NameForm {
  words: string[];
  joined: string;
}

interface Entry {
  unit: Unit;
  forms: NameForm[];
  /** Initials of each name, e.g. "vhxh", "pvhxh", "kthtdt". */
  acronyms: Set<string>;
}

/**
 * Loose matching of a unit name as people type it: without accents, with either tone placement,
 * with abbreviations ("vhxh", "KT-HT-ĐT"), extra words ("phong kinh te của phường") and small typos.
 */
export class UnitMatcher {
  private readonly entries: Entry[];
  private readonly filler: Set<string>;

  /** `wardName` ("Phường Lê Chân") adds its words to the ones ignored in queries. */
  constructor(units: readonly Unit[], wardName = '') {
    this.filler = new Set([...FILLER, ...foldWords(wardName)]);
    this.entries = units.map((unit) => {
      const names = [unit.name, unit.short, unit.id.replace(/-/g, ' '), ...unit.aliases];
      const forms = names.map((n) => {
        const words = foldWords(n).filter((w) => w === 'va' || !this.filler.has(w));
        return { words, joined: words.filter((w) => w !== 'va').join('') };
      });
      const acronyms = new Set<string>();
      for (const f of forms) {
        const content = f.words.filter((w) => w !== 'va');
        if (content.length >= 2) {
          acronyms.add(content.map((w) => w[0]).join(''));
          const rest = content.slice(1);
          if (GENERIC.has(content[0] ?? '') && rest.length >= 2) acronyms.add(rest.map((w) => w[0]).join(''));
        }
      }
      return { unit, forms, acronyms };
    });
  }

  match(query: string): UnitMatch {
    const words = foldWords(query).filter((w) => !this.filler.has(w));
    if (words.length === 0) return { type: 'unknown' };
    const joined = words.join('');

    const exact = this.entries.filter(
      (e) => e.forms.some((f) => f.joined === joined) || e.acronyms.has(joined),
    );
    if (exact.length === 1 && exact[0]) return { type: 'found', unit: exact[0].unit };
    if (exact.length > 1) return { type: 'ambiguous', candidates: exact.map((e) => e.unit) };

    // A name some of whose words fit no unit names no unit: it is never offered as another one
    // ("tat ca" is not "Công an phường" because "ca" is one of its words).
    const scored = this.entries
      .map((e) => ({
        e,
        ...e.forms
          .map((f) => fit(words, f.words, e.acronyms))
          .reduce((a, b) => (b.score > a.score ? b : a), { score: 0, typos: 0, misses: 0 }),
      }))
      .filter((s) => s.score > 0 && everyWordFits(words, this.entries))
      .sort((a, b) => b.score - a.score);
    const [best, second] = scored;
    if (!best) return { type: 'unknown' };
    const full = scored.filter((s) => s.score >= FULL);
    // Among names that hold every meaningful word, the generic words ("văn phòng ủy ban") break ties.
    if (full.length === 1 || (full.length > 1 && best.score > (second?.score ?? 0))) {
      return { type: 'found', unit: best.e.unit };
    }
    if (full.length > 1) return { type: 'ambiguous', candidates: full.slice(0, 6).map((s) => s.e.unit) };
    // One clear winner despite one typo: take it rather than make the user type again.
    if (
      best.misses === 0 &&
      best.typos <= 1 &&
      best.score >= 0.75 &&
      (second?.score ?? 0) <= best.score - 0.3
    )
      return { type: 'found', unit: best.e.unit };
    const close = scored.filter((s) => s.score >= 0.5 && s.misses === 0 && s.typos <= 1).slice(0, 6);
    if (close.length === 0) return { type: 'unknown' };
    return { type: 'ambiguous', candidates: close.map((s) => s.e.unit) };
  }
}

/** Whether each meaningful word of the query fits some unit's name, exactly or with one typo. */
function everyWordFits(query: string[], entries: readonly Entry[]): boolean {
  const meaningful = query.filter((q) => !GENERIC.has(q));
  return meaningful.every((q) =>
    entries.some((e) => e.forms.some((f) => fit([q], f.words, e.acronyms).score > 0)),
  );
}

/** A score at or above this means every meaningful word of the query is in the name. */
const FULL = 0.999;
/** What a generic word found in the name adds: enough to break a tie, never enough to decide. */
const TIE_BREAK = 0.001;

/**
 * How well the query's words fit one name: the share of its meaningful words found in the name
 * (exactly, as a prefix of a name word, or as one of the unit's acronyms; a typo counts 0.8).
 * Generic words ("phòng", "ban") decide only when the query has nothing else.
 */
function fit(
  query: string[],
  name: string[],
  acronyms: Set<string>,
): { score: number; typos: number; misses: number } {
  const meaningful = query.filter((q) => !GENERIC.has(q));
  const counted = meaningful.length > 0 ? meaningful : query;
  let got = 0;
  let typos = 0;
  let misses = 0;
  for (const q of counted) {
    if (acronyms.has(q) || name.some((n) => q === n || (q.length >= 3 && n.startsWith(q)))) got += 1;
    else if (!GENERIC.has(q) && name.some((n) => isTypoOf(q, n))) {
      got += 0.8;
      typos++;
    } else if (!GENERIC.has(q)) misses++;
  }
  const genericHits =
    meaningful.length > 0 ? query.filter((q) => GENERIC.has(q) && name.includes(q)).length : 0;
  return { score: got / counted.length + genericHits * TIE_BREAK, typos, misses };
}

/**
 * One typo in a word of four letters or more ("kihn" for "kinh"); in a shorter word only one letter
 * too many ("tee" for "te"): "tai" is not "tâm", it is another word.
 */
function isTypoOf(q: string, n: string): boolean {
  if (n.length < 2) return false;
  if (q.length >= 4) return withinOneEdit(q, n);
  return q.length === 3 && q.length === n.length + 1 && withinOneEdit(q, n);
}

/** Damerau-style check: one substitution, insertion, deletion or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
