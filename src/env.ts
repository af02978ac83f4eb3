import { existsSync } from 'node:fs';

/**
 * Reads `.env` (or the file `ENV_FILE` names; empty: none) into the environment before the
 * configuration is read. Variables already set in the environment win over the file.
 */
export function loadEnvFile(): void {
  const file = process.env.ENV_FILE ?? '.env';
  if (!file || !existsSync(file)) return;
  const before = { ...process.env };
  process.loadEnvFile(file);
  Object.assign(process.env, before);
}
