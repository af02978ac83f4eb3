import { ambiguousUnitMessage, unknownUnitMessage } from '../messages/tasks';
import { fold } from '../text/fold';
import type { UnitMatcher } from './match';
import type { Unit } from './types';

/** How people name the leaders' chat when the office makes or removes its binding. */
const LEADER_WORDS = new Set(['lanhdao', 'lanh dao', 'lanh dao phuong', 'leader', 'chu tich', 'ld']);
/** How people say "every unit" where a list of units is accepted. */
const ALL_WORDS = new Set([
  'tat ca',
  'tatca',
  'tat ca don vi',
  'tat ca cac don vi',
  'cac don vi',
  'moi don vi',
  'toan bo',
  'het',
  'all',
]);

export type UnitLookup =
  | { type: 'unit'; unit: Unit }
  | { type: 'leader' }
  | { type: 'all' }
  /** The name fits no unit, or several: `reply` says so, politely, with the candidates. */
  | { type: 'unknown' | 'ambiguous'; reply: string };

export interface LookUpOptions {
  /** "lãnh đạo" names the leaders' chat. */
  leader?: boolean;
  /** "tất cả" names every unit. */
  all?: boolean;
}

/**
 * The one place a unit named by a user is looked up: a loose name ("phong kinh te", "vhxh"), "lãnh đạo"
 * or "tất cả" where the command takes them. A name that fits no unit is never taken for another one.
 */
export function lookUpUnit(matcher: UnitMatcher, name: string, options: LookUpOptions = {}): UnitLookup {
  const folded = fold(name).replace(/[.!?]+$/, '');
  if (options.leader && LEADER_WORDS.has(folded)) return { type: 'leader' };
  if (options.all && ALL_WORDS.has(folded)) return { type: 'all' };
  const m = matcher.match(name);
  if (m.type === 'found') return { type: 'unit', unit: m.unit };
  if (m.type === 'ambiguous') return { type: 'ambiguous', reply: ambiguousUnitMessage(name, m.candidates) };
  return { type: 'unknown', reply: unknownUnitMessage(name) };
}

export type UnitsLookup =
  | { type: 'units'; units: Unit[] }
  | { type: 'all' }
  | { type: 'unknown' | 'ambiguous'; name: string; reply: string };

/**
 * A list of units as the office types it: separated by commas, semicolons or "và" ("phòng kinh tế,
 * công an và quân sự"), or "tất cả". Names that hold a comma or "và" themselves ("Phòng Kinh tế, Hạ tầng
 * và Đô thị") are read whole: pieces are joined back when together they name one unit that none of them
 * names otherwise.
 */
export function lookUpUnits(matcher: UnitMatcher, text: string): UnitsLookup {
  const pieces = text
    .split(/\s*(?:[,;&+]|\s(?:và|va|với|voi)\s)\s*/i)
    .map((s) => s.trim())
    .filter(Boolean);
  if (pieces.some((p) => ALL_WORDS.has(fold(p)))) return { type: 'all' };
  const units: Unit[] = [];
  let i = 0;
  while (i < pieces.length) {
    let taken = 0;
    for (let j = pieces.length; j > i + 1 && taken === 0; j--) {
      const joined = pieces.slice(i, j).join(' ');
      const m = matcher.match(joined);
      if (m.type !== 'found') continue;
      const agree = pieces.slice(i, j).every((p) => {
        const one = matcher.match(p);
        return one.type !== 'found' || one.unit.id === m.unit.id;
      });
      if (agree) {
        units.push(m.unit);
        taken = j - i;
      }
    }
    if (taken === 0) {
      const name = pieces[i] ?? '';
      const one = lookUpUnit(matcher, name);
      if (one.type === 'unknown' || one.type === 'ambiguous') return { ...one, name };
      if (one.type === 'unit') units.push(one.unit);
      taken = 1;
    }
    i += taken;
  }
  return { type: 'units', units: [...new Set(units)] };
}
