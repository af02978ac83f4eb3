import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildPlanSet } from '../core/plan/build';
import type { PlanProblem, PlanSetResult } from '../core/plan/build';

/** Reads every `*.yaml`/`*.yml` file of the plans folder and builds the plan set from them. */
export function loadPlanDir(dir: string): PlanSetResult {
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
  return buildPlanSet(sources);
}

function folderProblem(dir: string, problem: string): PlanProblem {
  return { file: dir, path: '', problem };
}
