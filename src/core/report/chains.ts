import { findStatuses, tokens } from './statusWords';
import { LINKING, MORE_BARE, MORE_REF, REF, REF_ANYWHERE } from './words';

/*
 * Runs of task numbers in a folded line ("NV3, NV7", "Nhiệm vụ 3 và 4", "các NV 3, 4, 7"), and whether a
 * task line starts at each or the tasks are named in passing ("phối hợp với NV5").
 */

/** A run of task numbers in a line, and whether it starts a task line there. */
export interface Chain {
  start: number;
  end: number;
  codes: string[];
  starts: boolean;
}

/** The words after `pos` begin with a status (within three words: "NV7 thì đang làm", "NV7 thành …"). */
function statusFollows(f: string, pos: number): boolean {
  const stop = /[.?!;]/.exec(f.slice(pos));
  const end = stop ? pos + stop.index : f.length;
  const ws = tokens(f, pos, end);
  // Up to three words, not counting who speaks: "NV6 với NV7 bên em còn chưa làm".
  let k = 0;
  for (let n = 0; k < ws.length && n < 3; k++) if (!FILLER.has(ws[k]?.word ?? '')) n++;
  const limit = ws[k]?.start ?? end;
  return findStatuses(f, pos, end).some((h) => h.start < limit && h.meaning !== 'unclear' && !h.weak);
}

/** Words between task numbers and their status that say nothing: who speaks, "thì", "còn". */
export const FILLER = new Set([
  'ben',
  'em',
  'minh',
  'phong',
  'chung',
  'toi',
  'thi',
  'con',
  'van',
  'deu',
  'a',
  'cung',
  'da',
]);

/** Every run of task numbers in a folded line, each judged: does a task line start there? */
export function chainsOf(f: string): Chain[] {
  const chains: Chain[] = [];
  REF_ANYWHERE.lastIndex = 0;
  for (let m = REF_ANYWHERE.exec(f); m; m = REF_ANYWHERE.exec(f)) {
    const start = m.index;
    if (chains.length > 0 && start < (chains.at(-1)?.end ?? 0)) continue;
    REF.lastIndex = start;
    const ref = REF.exec(f);
    if (!ref) continue;
    const codes = [`NV${Number(ref[1])}`];
    let end = REF.lastIndex;
    let bareRun = 0;
    for (;;) {
      MORE_REF.lastIndex = end;
      const more = MORE_REF.exec(f);
      if (more) {
        codes.push(`NV${Number(more[1])}`);
        end = MORE_REF.lastIndex;
        continue;
      }
      MORE_BARE.lastIndex = end;
      const bare = MORE_BARE.exec(f);
      // A bare number continues the list only where a list can end ("NV1, 4, 5, 6: …", "NV3 và 4 đang …"),
      // or as the last of a run of them ("Nhiệm vụ 4, 5, 6 bên em …"): "NV3, 4 hội nghị" is not a list.
      if (
        bare &&
        (/^\s*(?:[:,;.)=>–—-]|$|(?:va|&|\+)\s*\d)/.test(f.slice(MORE_BARE.lastIndex)) ||
          statusFollows(f, MORE_BARE.lastIndex) ||
          bareRun > 0)
      ) {
        codes.push(`NV${Number(bare[1])}`);
        end = MORE_BARE.lastIndex;
        bareRun++;
        continue;
      }
      break;
    }
    chains.push({ start, end, codes: [...new Set(codes)], starts: startsHere(f, start, end) });
    REF_ANYWHERE.lastIndex = end;
  }
  return chains;
}

/**
 * Whether task numbers at `start` begin a task line: at the start of the line, after punctuation or a
 * list marker ("…ạ. NV3: …", "…; b) NV7 …"), or followed by a separator or a status and not named in
 * passing ("… phối hợp với NV5 của Văn phòng").
 */
function startsHere(f: string, start: number, end: number): boolean {
  const prefix = f.slice(0, start).trimEnd();
  if (!prefix) return true;
  const last = prefix.at(-1) ?? '';
  if (last === '(') return /^\s*\)/.test(f.slice(end));
  if (';.,:!)/+*•▪|–—-'.includes(last)) return true;
  if (/(?:^|[\s;,.])(?:\d{1,2}|[a-h])[.)/]$/.test(prefix)) return true;
  const lastWord = /([a-z0-9]+)$/.exec(prefix)?.[1] ?? '';
  const opens = OPENING_WORD.exec(prefix);
  // "Các nhiệm vụ 3, 4, 7 đang thực hiện", "Về NV5 thì …", "còn NV4 đang": the clause opens with them.
  if (opens && /(?:^|[;.,:!)/+*•▪–—-])\s*$/.test(prefix.slice(0, opens.index)))
    return /^\s*[:=>–—-]/.test(f.slice(end)) || statusFollows(f, end);
  if (LINKING.has(lastWord)) return false;
  return /^\s*[:=>–—-]/.test(f.slice(end)) || statusFollows(f, end);
}

/** Words a clause may open with before its task numbers: "Các …", "Về …", "Còn …", "Riêng …". */
export const OPENING_WORD = /(?:^|\s)(?:cac|ca|nhung|ve|con|rieng|doi voi)\s*$/;
