import Database from 'better-sqlite3';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANS_DIR } from '../helpers/plans';
import { runBot } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';

/**
 * The built program keeps the plan set beside the database and the database records the plan set it
 * synced, so a restart with the same files parses and syncs nothing. A changed file is read, checked and
 * synced again; a broken one still stops start-up.
 */
describe('the plan set kept between starts', () => {
  it('is used for the same files only: an edit is read and synced, a broken file refused', async () => {
    const dir = tempDir();
    const plans = join(dir, 'plans');
    cpSync(PLANS_DIR, plans, { recursive: true });
    const env = {
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR: plans,
      CONSOLE: 'on',
      LOG_LEVEL: 'info',
    };
    const ask = ':as phong kinh te\n/nhiemvu\n';

    const first = await runBot(ask, env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Phòng Kinh tế, Hạ tầng và Đô thị – Kế hoạch số 168/KH-UBND');
    expect(existsSync(join(dir, 'plans.cache.json'))).toBe(true);
    expect(first.stderr).toMatch(/plans loaded .*"inserted":\d+/);

    // The same files: nothing parsed, nothing synced.
    const second = await runBot(ask, env);
    expect(second.stdout).toContain('Phòng Kinh tế, Hạ tầng và Đô thị – Kế hoạch số 168/KH-UBND');
    expect(second.stderr).toContain('"unchanged":"all"');

    // An edit is read at the next start, and reaches the database.
    const file = join(plans, 'don-vi.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace('name: Phòng Kinh tế, Hạ tầng và Đô thị', 'name: Phòng Kinh tế - Hạ tầng - Đô thị'),
    );
    const edited = await runBot(ask, env);
    expect(edited.stdout).toContain('Phòng Kinh tế - Hạ tầng - Đô thị – Kế hoạch số 168/KH-UBND');
    expect(edited.stderr).toMatch(/plans loaded .*"updated":1/);
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    expect(db.prepare("SELECT name FROM units WHERE id = 'phong-kt-ht-dt'").pluck().get()).toBe(
      'Phòng Kinh tế - Hạ tầng - Đô thị',
    );
    db.close();

    // A broken file is refused, whatever was kept.
    writeFileSync(file, `${text}\n  - id: [không đóng ngoặc\n`);
    const broken = await runBot(ask, env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('plans/don-vi.yaml');
  });
});
