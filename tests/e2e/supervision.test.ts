import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { instantAt } from '../../src/core/time';
import { ConsoleSession } from '../helpers/console';
import { PLANS_DIR } from '../helpers/plans';
import { spawnNode } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';

const JUNE_1 = instantAt('2026-06-01', '09:00', 'Asia/Ho_Chi_Minh');

let session: ConsoleSession | null = null;
afterEach(async () => {
  await session?.stop();
  session = null;
});

describe("the supervisors' chat in the console", () => {
  it('`:as giamsat` speaks for the Ủy ban MTTQ: it reads the status, is refused office commands and reports', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await session.say(':as phong kinh te');
    await session.say('NV3: hoàn thành - 2 hội nghị');
    const switched = await session.say(':as giamsat');
    expect(switched).toContain('— Đang ở: Ủy ban MTTQ phường (giám sát)');
    expect(session.deps.chats.get('console:supervisor:mttq')).toMatchObject({
      role: 'supervisor',
      unitId: 'mttq',
    });
    expect(await session.say('/tinhhinh')).toContain('• Đã nộp đúng hạn: 1');
    expect(await session.say('/xem phong kinh te')).toContain('NV3 – Hoàn thành: 2 hội nghị');
    expect(await session.say('/xephang')).toContain(
      'Mục I.2.c của Kế hoạch số 168/KH-UBND: “Kết quả thực hiện',
    );
    expect(await session.say('/traloi 1 ý kiến')).toContain(
      'Lệnh /traloi chỉ dành cho Phòng Văn hóa – Xã hội.',
    );
    const report = await session.say('NV6: hoàn thành - Mặt trận giám sát 2 cuộc');
    expect(report).toContain('Nhóm này là nhóm giám sát của Ủy ban Mặt trận Tổ quốc Việt Nam phường');
    expect(session.deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get()).toBe(1);
    const party = await session.say(':as giám sát ban xây dựng đảng');
    expect(party).toContain('— Đang ở: Ban XDĐ Đảng ủy (giám sát)');
    expect(await session.say(':as giamsat phong kinh te')).toContain('không phải cơ quan giám sát');
  });
});

describe('/chuyencap: a difficulty sent up to the competent level', () => {
  it('marks it escalated with the date and where, tells the unit, and keeps it open for the answer', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await session.say(':as phong kinh te');
    await session.say('Vướng mắc: chưa có hướng dẫn chấm điểm mô hình Dân vận khéo');
    await session.say(':as vhxh');
    expect(await session.say('/chuyencap')).toContain('Gõ: /chuyencap <số> [nơi nhận hoặc ghi chú]');
    expect(await session.say('/chuyencap 9')).toContain('Không có vướng mắc số 9');
    const out = await session.say('/chuyencap 1 Sở Nội vụ');
    expect(out).toContain(
      'Đã ghi: vướng mắc số 1 của Phòng KT-HT-ĐT đã báo cáo, đề xuất cấp có thẩm quyền ngày 01/06/2026 (Sở Nội vụ).',
    );
    expect(out).toContain('Đã báo cho Phòng KT-HT-ĐT.');
    expect(out).toMatch(
      /bot → Phòng KT-HT-ĐT: Vướng mắc số 1: Phòng Văn hóa – Xã hội đã báo cáo, đề xuất cấp có thẩm quyền xem xét, giải quyết/,
    );
    expect(out).toContain('Ngày chuyển: 01/06/2026; nơi nhận, ghi chú: Sở Nội vụ.');
    const list = await session.say('/vuongmac');
    expect(list).toContain('↳ Đã báo cáo, đề xuất cấp có thẩm quyền ngày 01/06/2026 (Sở Nội vụ)');
    const row = () =>
      session!.deps.db.$client
        .prepare('SELECT status, escalated_at, escalated_to, escalated_by, answer FROM difficulties')
        .get();
    expect(row()).toMatchObject({
      status: 'open',
      escalated_to: 'Sở Nội vụ',
      escalated_by: 'console:office',
    });
    expect(await session.say('/traloi 1 Sở Nội vụ hướng dẫn chấm theo Quyết định số …')).toContain(
      'Đã gửi trả lời vướng mắc số 1',
    );
    expect(row()).toMatchObject({ status: 'answered', escalated_to: 'Sở Nội vụ' });
    const answered = await session.say('/vuongmac');
    expect(answered).toContain('↳ Đã báo cáo, đề xuất cấp có thẩm quyền ngày 01/06/2026 (Sở Nội vụ)');
    expect(answered).toContain('↳ Trả lời: Sở Nội vụ hướng dẫn chấm theo Quyết định số …');
    const audit = session.deps.db.$client
      .prepare("SELECT detail FROM audit WHERE action = 'escalate'")
      .pluck()
      .all();
    expect(audit).toEqual([JSON.stringify({ difficulty: 1, to: 'Sở Nội vụ' })]);
  });
});

describe('npm run invite -- "giamsat <body>"', () => {
  it("prints a code for a supervisors' chat from the terminal", async () => {
    const dir = tempDir();
    const env = { DATABASE_PATH: join(dir, 'bot.sqlite'), PLANS_DIR, TZ: 'UTC' };
    const child = spawnNode(['--import', 'tsx', 'src/cli/invite.ts', 'giamsat', 'mttq'], env);
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('Mã đăng ký cho Ủy ban Mặt trận Tổ quốc Việt Nam phường (giám sát):');
    expect(stdout).toContain('Thêm bot vào nhóm chat của cơ quan giám sát');
    const db = new Database(join(dir, 'bot.sqlite'), { readonly: true });
    expect(db.prepare('SELECT role, unit_id FROM invites').all()).toEqual([
      { role: 'supervisor', unit_id: 'mttq' },
    ]);
    db.close();
  });
});
