import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANS_DIR } from '../helpers/plans';
import { runBot } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';

function env(dir: string, plansDir = PLANS_DIR): Record<string, string> {
  return { DATABASE_PATH: join(dir, 'bot.sqlite'), PLANS_DIR: plansDir };
}

describe('the console chat of `npm start`', () => {
  it('answers what Phòng Kinh tế, Hạ tầng và Đô thị is responsible for, and exits 0 when stdin closes', async () => {
    const dir = tempDir();
    const r = await runBot(':as phong kinh te\n/nhiemvu\n', env(dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Phòng Kinh tế, Hạ tầng và Đô thị – Kế hoạch số 168/KH-UBND');
    const lead = r.stdout.slice(
      r.stdout.indexOf('Chủ trì (2 nhiệm vụ)'),
      r.stdout.indexOf('Phối hợp (4 nhiệm vụ)'),
    );
    expect(lead.match(/NV\d/g)).toEqual(['NV3', 'NV7']);
    const coordinate = r.stdout.slice(r.stdout.indexOf('Phối hợp (4 nhiệm vụ)'));
    expect(coordinate.match(/• NV\d/g)).toEqual(['• NV1', '• NV4', '• NV5', '• NV6']);
    expect(r.stdout).toContain('Phong trào thi đua "Dân vận khéo"');
    expect(r.stdout).toContain('Lộ trình thực hiện: 2025-2030');
    expect(r.stdout).toContain(
      'Mốc 31/12/2027 (Kế hoạch ghi): phấn đấu đến hết năm 2027, chính quyền phường được công nhận đạt chuẩn “Chính quyền thân thiện” vì Nhân dân phục vụ',
    );
    // No body item the plan gives no unit (II.3), and our reading marked as ours.
    expect(r.stdout).toContain(
      'Nội dung chung của Kế hoạch (mục II): thực hiện II.1.a*; phối hợp II.1.b, II.2.',
    );
    expect(r.stdout).not.toContain('II.3');
    expect(r.stdout).toContain('* Theo cách hiểu của bot, vì Kế hoạch không ghi rõ');
  });

  it('gives the same answer to a plain question without accents, for a unit named without accents', async () => {
    const dir = tempDir();
    const r = await runBot(':as van phong hdnd\ndon vi minh phu trach nhung nhiem vu gi?\n', env(dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Văn phòng HĐND và UBND phường – Kế hoạch số 168/KH-UBND');
    expect(r.stdout).toContain('Chủ trì (3 nhiệm vụ)');
  });

  it('lets the office ask for any unit by a loose name, and explains an ambiguous one', async () => {
    const dir = tempDir();
    const r = await runBot(':as vhxh\n/nhiemvu cong an\n/nhiemvu phong\n/nhiemvu NV6\n', env(dir));
    expect(r.stdout).toContain('Công an phường – Kế hoạch số 168/KH-UBND');
    expect(r.stdout).toContain('"phong" có thể là một trong các đơn vị sau:');
    expect(r.stdout).toContain('NV6 – Nhiệm vụ 6 trong Phụ lục của Kế hoạch số 168/KH-UBND');
    expect(r.stdout).toContain('đạt chuẩn “Chính quyền thân thiện” vì Nhân dân phục vụ.');
    expect(r.stdout).toContain(
      'Cơ quan phối hợp: Ban Xây dựng Đảng Đảng ủy; Các phòng chức năng; Các đơn vị sự nghiệp; Các đơn vị liên quan',
    );
    expect(r.stdout).toContain('Của bot (không phải lời Kế hoạch):');
    expect(r.stdout).toContain('Tên ngắn: Mô hình "Chính quyền thân thiện"');
  });

  it('continues a message on the next line after a backslash', async () => {
    const dir = tempDir();
    const r = await runBot(':as vhxh\n/nhiemvu \\\nban chi huy quan su\n', env(dir));
    expect(r.stdout).toContain('Ban Chỉ huy quân sự phường – Kế hoạch số 168/KH-UBND');
  });

  it('tells a chat bound to nobody only how to register', async () => {
    const dir = tempDir();
    const r = await runBot(':chat nhom la\n/nhiemvu\nchào cả nhà\n', env(dir));
    expect(r.stdout).toContain('chưa được đăng ký');
    expect(r.stdout).toContain('/dangky <mã>');
    expect(r.stdout).not.toContain('Chủ trì');
    // Chatter in a group is not answered at all.
    expect(r.stdout.match(/chưa được đăng ký/g)).toHaveLength(1);
  });

  it('refuses to start on a broken plan file, naming the file and the path', async () => {
    const dir = tempDir();
    const plans = join(dir, 'plans');
    cpSync(PLANS_DIR, plans, { recursive: true });
    writeFileSync(
      join(plans, '168-kh-ubnd.yaml'),
      (await import('node:fs'))
        .readFileSync(join(PLANS_DIR, '168-kh-ubnd.yaml'), 'utf8')
        .replace('lead: [vp-hdnd-ubnd]', 'lead: [vp-khong-co]'),
    );
    const r = await runBot('/nhiemvu\n', env(dir, plans));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('168-kh-ubnd.yaml: tasks[4] (NV5).lead[0]: không có mã "vp-khong-co"');
    expect(r.stdout).not.toContain('Chủ trì');
  });
});
