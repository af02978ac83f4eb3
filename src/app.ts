import type { App, AppOptions } from './assemble';
import { assembleApp, planCacheFile, StartupError } from './assemble';
import type { Config } from './config';
import { formatPlanProblems } from './core/plan/build';
import { loadPlanDir } from './plans/load';

export { StartupError };
export type { App };

/**
 * Builds the program from its configuration: loads and validates the plan files (refusing to run
 * half-loaded), opens and migrates the database, syncs the plans into it, and wires the bot. (The
 * runtime does the same, loading the plan files' parser only when the kept plan set will not do.)
 */
export function createApp(config: Config, options: AppOptions): App {
  const loaded = loadPlanDir(config.PLANS_DIR, planCacheFile(config));
  if (!loaded.ok) throw new StartupError(formatPlanProblems(loaded.problems));
  return assembleApp(config, loaded.planSet, options);
}
