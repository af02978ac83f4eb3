import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlanSet } from '../../src/core/plan/build';
import type { PlanSource } from '../../src/core/plan/build';
import type { PlanSet } from '../../src/core/plan/types';

export const PLANS_DIR = join(import.meta.dirname, '../../plans');

/** The plan files shipped in the repository, as sources. */
export function shippedSources(): PlanSource[] {
  return readdirSync(PLANS_DIR)
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((n) => ({ file: `plans/${n}`, text: readFileSync(join(PLANS_DIR, n), 'utf8') }));
}

export function shippedPlanSet(): PlanSet {
  const r = buildPlanSet(shippedSources());
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.planSet;
}
