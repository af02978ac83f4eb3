import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { PlanProblem, PlanSource } from '../core/plan/build';
import type { PlanSet } from '../core/plan/types';

/**
 * The plan files as read from disk, and the plan set built from them kept for the next start: the built
 * program (`npm start`) keeps it beside the database, valid for the same files (compared whole, not by a
 * hash) and the same build of the program. A change to either builds it anew. Run from the sources
 * (tests, scripts), nothing is kept. Nothing here parses YAML: a start that finds its plan set kept loads
 * neither the YAML parser nor the plan schema.
 */

/** The build of the program, set by `npm run build` (undefined when run from the sources). */
const BUILD = process.env.PLANBOT_BUILD;

export type PlanSources = { ok: true; sources: PlanSource[] } | { ok: false; problems: PlanProblem[] };

/** Every `*.yaml`/`*.yml` file of the plans folder, by name. */
export function readPlanSources(dir: string): PlanSources {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/i.test(n))
      .sort();
  } catch (err) {
    return { ok: false, problems: [folderProblem(dir, `cannot read the folder: ${(err as Error).message}`)] };
  }
  if (names.length === 0) return { ok: false, problems: [folderProblem(dir, 'holds no .yaml plan file')] };
  const sources = names.map((n) => {
    const path = join(dir, n);
    return { file: relative(process.cwd(), path) || path, text: readFileSync(path, 'utf8') };
  });
  return { ok: true, sources };
}

function folderProblem(dir: string, problem: string): PlanProblem {
  return { file: dir, path: '', problem };
}

interface Kept {
  build: string;
  sources: readonly PlanSource[];
  planSet: PlanSet;
}

/** The plan set kept for exactly these files by this build, if any. */
export function keptPlanSet(sources: readonly PlanSource[], cacheFile: string | undefined): PlanSet | null {
  if (!BUILD || !cacheFile) return null;
  try {
    const kept = JSON.parse(readFileSync(cacheFile, 'utf8')) as Partial<Kept>;
    const same =
      kept.build === BUILD &&
      kept.sources?.length === sources.length &&
      kept.sources.every((s, i) => s.file === sources[i]?.file && s.text === sources[i]?.text);
    return same && kept.planSet ? kept.planSet : null;
  } catch {
    return null;
  }
}

/** Keeps the plan set built from these files. Best effort: if it cannot be written, the next start parses. */
export function keepPlanSet(sources: readonly PlanSource[], planSet: PlanSet, cacheFile: string | undefined): void {
  if (!BUILD || !cacheFile) return;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ build: BUILD, sources, planSet } satisfies Kept));
    renameSync(tmp, cacheFile);
  } catch {
    // A read-only data folder, a full disk: parse again next time.
  }
}

/**
 * What a sync of this plan set by this build wrote to the database, to tell whether it needs writing
 * again; null when run from the sources (always synced).
 */
export function planSetFingerprint(planSet: PlanSet): string | null {
  return BUILD ? `${BUILD}\n${JSON.stringify(planSet)}` : null;
}
