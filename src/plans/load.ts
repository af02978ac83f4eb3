import { buildPlanSet } from '../core/plan/build';
import type { PlanSetResult } from '../core/plan/build';
import { keepPlanSet, keptPlanSet, readPlanSources } from './cache';

/**
 * Reads every `*.yaml`/`*.yml` file of the plans folder and builds the plan set from them, or takes the
 * one kept in `cacheFile` for exactly these files (see `cache.ts`).
 */
export function loadPlanDir(dir: string, cacheFile?: string): PlanSetResult {
  const read = readPlanSources(dir);
  if (!read.ok) return read;
  const kept = keptPlanSet(read.sources, cacheFile);
  if (kept) return { ok: true, planSet: kept };
  const result = buildPlanSet(read.sources);
  if (result.ok) keepPlanSet(read.sources, result.planSet, cacheFile);
  return result;
}
