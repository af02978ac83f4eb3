import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config';
import { loadEnvFile } from '../env';

/**
 * `npm run backup [-- <file>]`: a consistent copy of the database with `VACUUM INTO`, safe while the
 * bot runs (SQLite takes a read transaction; writers in WAL mode are not blocked).
 */
export function backupDatabase(databasePath: string, target: string): { path: string; bytes: number } {
  if (!existsSync(databasePath)) throw new Error(`không có cơ sở dữ liệu tại ${databasePath}`);
  if (existsSync(target)) throw new Error(`${target} đã có; hãy chọn tên khác`);
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
  const copy = new Database(target, { readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`bản sao không qua được kiểm tra toàn vẹn: ${String(check)}`);
    return {
      path: target,
      bytes:
        (copy.pragma('page_count', { simple: true }) as number) *
        (copy.pragma('page_size', { simple: true }) as number),
    };
  } finally {
    copy.close();
  }
}

function defaultTarget(databasePath: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return join(dirname(databasePath), 'backups', `bot-${stamp}.sqlite`);
}

// Run as a program (`npm run backup`, built or from the sources), not when imported by a test.
if (process.argv[1] && /backup\.[jt]s$/.test(process.argv[1])) {
  try {
    loadEnvFile();
    const config = loadConfig();
    const target = process.argv[2] ?? defaultTarget(config.DATABASE_PATH);
    const r = backupDatabase(config.DATABASE_PATH, target);
    process.stdout.write(
      `Đã sao lưu: ${r.path} (${Math.round(r.bytes / 1024)} KB, kiểm tra toàn vẹn: tốt)\n`,
    );
  } catch (err) {
    process.stderr.write(`Sao lưu không thành công: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
