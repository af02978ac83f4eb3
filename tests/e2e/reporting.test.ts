import { afterEach, describe, expect, it } from 'vitest';
import { internalErrorMessage } from '../../src/core/messages/help';
import { ConsoleSession } from '../helpers/console';

// 01/06/2026 09:00 in Hải Phòng: the six-month period of 2026 is open, its deadline is 10/06/2026.
const JUNE_1 = new Date('2026-06-01T02:00:00Z');
const JUNE_20 = new Date('2026-06-20T02:00:00Z');

const EXAMPLE_NO_ACCENTS = [
  'Bao cao 6 thang dau nam 2026',
  'NV3: dang thuc hien - to chuc 2 hoi nghi quan triet, 150 luot CBCC tham du',
  'NV7: hoan thanh - dang ky mo hinh "Dan van kheo" ve cai cach hanh chinh',
  'Vuong mac: thieu kinh phi in tai lieu',
  'De xuat: bo sung kinh phi nam 2027',
].join('\n');

let session: ConsoleSession | null = null;
afterEach(async () => {
  await session?.stop();
  session = null;
});

/** `:as vhxh` → `/taoma <unit>` → a fresh `:chat` binds with the code. Returns the code. */
async function bindFreshChat(s: ConsoleSession, unit: string, chat: string): Promise<string> {
  await s.say(':as vhxh');
  const out = await s.say(`/taoma ${unit}`);
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(out)?.[1];
  expect(code, out).toBeTruthy();
  await s.say(`:chat ${chat}`);
  const bound = await s.say(`/dangky ${code}`);
  expect(bound).toContain('Đã đăng ký nhóm này cho');
  return code as string;
}

describe('reporting through the console, against a real SQLite file', () => {
  it('binds a fresh chat with an office code, takes a report without accents and answers with accents', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await bindFreshChat(session, 'phong kinh te', 'KT-HT-ĐT Lê Chân');
    expect(session.transcript).toContain(
      'Nhóm "KT-HT-ĐT Lê Chân" vừa đăng ký cho Phòng Kinh tế, Hạ tầng và Đô thị.',
    );

    const out = await session.say(EXAMPLE_NO_ACCENTS);
    expect(out).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT');
    expect(out).toContain('Lần 1, lúc 09:00 01/06/2026 (đúng hạn).');
    expect(out).toContain('NV3 – Đang thực hiện: to chuc 2 hoi nghi quan triet, 150 luot CBCC tham du');
    expect(out).toContain('NV7 – Hoàn thành: dang ky mo hinh "Dan van kheo" ve cai cach hanh chinh');
    expect(out).toContain('Còn thiếu: NV1 (phối hợp), NV4 (phối hợp), NV5 (phối hợp), NV6 (phối hợp).');
    expect(out).toContain('Vướng mắc số 1 đã chuyển Phòng Văn hóa – Xã hội: thieu kinh phi in tai lieu');
    expect(out).toContain('Hạn nộp: 10/06/2026.');
    // The office's chat got the difficulty at once.
    expect(out).toMatch(/bot → Phòng VHXH \(văn phòng\): Vướng mắc số 1 – Phòng KT-HT-ĐT/);

    const db = session.deps.db.$client;
    expect(db.prepare('SELECT revision, late FROM reports').all()).toEqual([{ revision: 1, late: 0 }]);
    expect(db.prepare('SELECT task_code, status FROM report_items ORDER BY id').all()).toEqual([
      { task_code: 'NV3', status: 'in_progress' },
      { task_code: 'NV7', status: 'done' },
    ]);
    expect(db.prepare("SELECT figures FROM report_items WHERE task_code = 'NV3'").pluck().get()).toContain(
      '150 luot CBCC',
    );

    await session.say(':as vhxh');
    const status = await session.say('/tinhhinh');
    expect(status).toContain('Tình hình báo cáo 6 tháng đầu năm 2026 – Kế hoạch số 168/KH-UBND');
    expect(status).toContain('Hạn nộp: 10/06/2026; còn 9 ngày.');
    expect(status).toContain('Đơn vị phải báo cáo: 7');
    expect(status).toContain('• Đã nộp đúng hạn: 1');
    expect(status).toContain('• Chưa nộp, chưa đến hạn: 6');
    expect(status).toContain('NV3: 1 đang thực hiện, 6 chưa báo cáo');
    expect(status).toContain('NV2: 1 chưa báo cáo');
    expect(status).toContain('NV7: 1 hoàn thành, 6 chưa báo cáo');
    expect(status).toContain('Vướng mắc chưa xử lý: 1');

    const missing = await session.say('/chuanop');
    expect(missing).toContain('Chưa nộp báo cáo 6 tháng đầu năm 2026: 6/7 đơn vị');
    expect(missing).not.toContain('Phòng KT-HT-ĐT –');
    expect(missing).toContain('• Trạm Y tế – chưa đăng ký nhóm');
    expect(missing).toContain('• Phòng VHXH – "Phòng VHXH (văn phòng)"');
  });

  it('keeps earlier versions as revisions and merges a correction into the report', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await session.say(':as phong kinh te');
    await session.say('NV3: dang lam - 1 hoi nghi\nNV7: chua lam');
    const second = await session.say('nv 3 xong - 2 hội nghị, 150 lượt');
    expect(second).toContain('Lần 2');
    expect(second).toContain('NV3 – Hoàn thành: 2 hội nghị, 150 lượt');
    // Sent right after the first: the tasks kept from it are listed on one line.
    expect(second).toContain('Giữ nguyên từ lần trước: NV7 (chưa thực hiện).');

    await session.say(':as vhxh');
    const view = await session.say('/xem phong kinh te');
    expect(view).toContain('Báo cáo 6 tháng đầu năm 2026 – Phòng Kinh tế, Hạ tầng và Đô thị');
    expect(view).toContain('Bản mới nhất: lần 2');
    expect(view).toContain('Các lần gửi trước:');
    expect(view).toContain('Lần 1 – 09:00 01/06/2026:');
    expect(view).toContain('NV3 – Đang thực hiện: 1 hoi nghi');
    expect(session.deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get()).toBe(2);
  });

  it('accepts a report after the deadline and marks it late', async () => {
    session = await ConsoleSession.start(JUNE_20);
    await session.say(':as cong an');
    const out = await session.say('Báo cáo 6 tháng 2026\nNV7: hoàn thành - 3 mô hình Dân vận khéo');
    expect(out).toContain('nộp muộn, sau hạn 10/06/2026');
    await session.say(':as vhxh');
    const status = await session.say('/tinhhinh 6 thang 2026');
    expect(status).toContain('• Đã nộp muộn: 1');
    expect(status).toContain('• Quá hạn, chưa nộp: 6');
    expect(status).not.toContain('chưa đến hạn');
  });

  it('keeps a late report late in the scorecard after a correction, and an on-time one on time', async () => {
    session = await ConsoleSession.start(new Date('2026-06-09T02:00:00Z'));
    await session.say(':as tram y te');
    expect(await session.say('NV7: đang thực hiện - 1 mô hình')).toContain('(đúng hạn)');
    session.now = JUNE_20;
    await session.say(':as cong an');
    expect(await session.say('NV7: đang thực hiện - 2 mô hình')).toContain('nộp muộn');
    // Both correct their report two days later, after the deadline.
    session.now = new Date('2026-06-22T02:00:00Z');
    expect(await session.say('NV7: hoàn thành - 3 mô hình')).toContain('Lần 2');
    await session.say(':as tram y te');
    expect(await session.say('NV7: hoàn thành - 2 mô hình')).toContain('Lần 2');
    await session.say(':as vhxh');
    const score = await session.say('/xephang 2026');
    const line = (unit: RegExp) => score.split('\n').find((l) => unit.test(l));
    expect(line(/Công an/)).toMatch(/0\/1 đúng hạn, 1 muộn, 0 chưa nộp/);
    expect(line(/Trạm Y tế/i)).toMatch(/1\/1 đúng hạn, 0 muộn, 0 chưa nộp/);
  });

  it('keeps a message whose handling hits a bug raw, with its error, rolls back its work and tells the user', async () => {
    session = await ConsoleSession.start(JUNE_1);
    const s = session;
    await s.say(':as phong kinh te');
    const db = s.deps.db.$client;
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    // A bug in storing a report (injected): everything else of the message works.
    const submit = s.deps.reports.submit.bind(s.deps.reports);
    s.deps.reports.submit = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'items')");
    };
    const text = 'NV3: hoàn thành - 2 hội nghị\nVướng mắc: thiếu kinh phí';
    const out = await s.say(text);
    expect(out).toContain(internalErrorMessage());
    expect(db.prepare('SELECT text, outcome FROM inbound ORDER BY id DESC LIMIT 1').get()).toEqual({
      text,
      outcome: "error:TypeError: Cannot read properties of undefined (reading 'items')",
    });
    expect(count('SELECT COUNT(*) FROM reports')).toBe(0);
    expect(count('SELECT COUNT(*) FROM difficulties')).toBe(0);
    expect(count("SELECT COUNT(*) FROM outbox WHERE kind = 'difficulty'")).toBe(0);
    // The bot goes on: once the bug is gone, the next message is handled.
    s.deps.reports.submit = submit;
    expect(await s.say('NV3: hoàn thành - 2 hội nghị')).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026');
    expect(count('SELECT COUNT(*) FROM reports')).toBe(1);
  });

  it('refuses a task the unit has nothing to do with, with the reason', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await session.say(':as phong kinh te');
    const out = await session.say('NV2: hoàn thành - đã tham mưu\nNV9: xong');
    expect(out).toContain('Chưa ghi nhận được nội dung báo cáo nào.');
    expect(out).toContain(
      'NV2 không thuộc nhiệm vụ của đơn vị nên không được ghi nhận (NV2 do Phòng VHXH chủ trì).',
    );
    expect(out).toContain('Kế hoạch không có NV9');
    expect(session.deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get()).toBe(0);
  });

  it('quotes a garbled reply back with an example, and stores it raw', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await session.say(':as tram y te');
    const garbled = 'NV: xong het roi\nnhiem vu: dang lam';
    const out = await session.say(garbled);
    expect(out).toContain('Chưa đọc được');
    expect(out).toContain('“NV: xong het roi”');
    expect(out).toContain('ví dụ: NV3: đang thực hiện - tổ chức 2 hội nghị, 150 lượt tham dự');
    const raw = session.deps.db.$client
      .prepare('SELECT text, outcome FROM inbound ORDER BY id DESC LIMIT 1')
      .get();
    expect(raw).toEqual({ text: garbled, outcome: 'report:unreadable' });
  });

  it('carries a difficulty to the office and the answer back to the unit', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await session.say(':as tram y te');
    const raised = await session.say('Khó khăn: chưa có máy tính cho bộ phận một cửa');
    expect(raised).toContain('Đã ghi nhận vướng mắc số 1');
    await session.say(':as vhxh');
    const list = await session.say('/vuongmac');
    expect(list).toContain('Số 1 – Trạm Y tế');
    expect(list).toContain('chưa có máy tính cho bộ phận một cửa');
    const answered = await session.say('/traloi 1 Đã đề nghị cấp 02 máy tính trong tháng 7.');
    expect(answered).toContain('Đã gửi trả lời vướng mắc số 1 tới Trạm Y tế.');
    expect(answered).toMatch(/bot → Trạm Y tế: Phòng Văn hóa – Xã hội trả lời vướng mắc số 1/);
    expect(answered).toContain('Trả lời: Đã đề nghị cấp 02 máy tính trong tháng 7.');
    expect(await session.say('/dong 1')).toContain('Đã đóng vướng mắc số 1.');
    expect(await session.say('/vuongmac')).toContain('Không có vướng mắc nào đang mở.');
    const audit = session.deps.db.$client.prepare('SELECT action FROM audit ORDER BY id').pluck().all();
    expect(audit).toEqual(expect.arrayContaining(['answer', 'close', 'command:traloi', 'command:dong']));
  });

  it('ignores ordinary chatter in a group without a word, and stores none of it', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await bindFreshChat(session, 'ban chi huy quan su', 'Quân sự');
    const before = session.deps.db.$client.prepare('SELECT COUNT(*) FROM inbound').pluck().get();
    const out = await session.say('chiều nay họp lúc 3h nhé mọi người');
    expect(out).not.toContain('bot:');
    expect(session.deps.db.$client.prepare('SELECT COUNT(*) FROM inbound').pluck().get()).toBe(before);
    const report = await session.say('NV7: hoàn thành - 1 mô hình');
    expect(report).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026 của Ban CHQS phường');
  });

  it('opens an ad-hoc request for chosen tasks and units, with its own deadline', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await session.say(':as vhxh');
    const out = await session.say(
      '/dotxuat 15/06/2026 NV4 phong kinh te; tram y te : số liệu chỉ số hài lòng',
    );
    expect(out).toContain('Đã tạo yêu cầu báo cáo đột xuất số 1, hạn 15/06/2026.');
    expect(out).toContain('Đơn vị (2): Phòng KT-HT-ĐT, Trạm Y tế.');
    // Neither unit has a chat yet: the office is told who did not get the request, as /nhacnho tells it.
    expect(out).toContain('Đã gửi yêu cầu tới 0 nhóm.');
    expect(out).toContain('Chưa đăng ký nhóm: Phòng KT-HT-ĐT, Trạm Y tế (2 đơn vị chưa nhận được yêu cầu');
    await session.say(':as phong kinh te');
    const report = await session.say(
      'Báo cáo đột xuất 1\nNV4: đang thực hiện - khảo sát 300 phiếu\nNV3: xong',
    );
    expect(report).toContain('Đã nhận báo cáo đột xuất số 1 (hạn 15/06/2026) của Phòng KT-HT-ĐT');
    expect(report).toContain('NV3 không nằm trong yêu cầu báo cáo đột xuất số 1');
    expect(report).toContain('Đã đủ các nhiệm vụ của đơn vị trong kỳ.');
  });
});

describe('binding and roles', () => {
  it('refuses a reused code and an expired one', async () => {
    session = await ConsoleSession.start(JUNE_1);
    const code = await bindFreshChat(session, 'tram y te', 'Y tế');
    await session.say(':chat nhom khac');
    expect(await session.say(`/dangky ${code}`)).toContain(
      'Mã đăng ký này đã được dùng; mỗi mã chỉ dùng được một lần.',
    );
    await session.say(':as vhxh');
    const out = await session.say('/taoma cong an');
    const fresh = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(out)?.[1];
    session.now = new Date(JUNE_1.getTime() + 73 * 3_600_000);
    await session.say(':chat nhom cong an');
    expect(await session.say(`/dangky ${fresh?.toLowerCase()}`)).toContain('Mã đăng ký đã hết hạn.');
    expect(await session.say('/dangky ZZZZ-9999')).toContain('Mã đăng ký không đúng.');
    const refused = session.deps.db.$client
      .prepare("SELECT detail FROM audit WHERE action = 'bind-refused'")
      .pluck()
      .all();
    expect(refused.map((d) => JSON.parse(d as string).reason)).toEqual(['used', 'expired', 'unknown']);
  });

  it('rebinds a chat to another unit, lists bindings and unbinds', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await bindFreshChat(session, 'tram y te', 'Nhóm chung');
    await session.say(':as vhxh');
    const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(await session.say('/taoma trung tam hanh chinh cong'))?.[1];
    await session.say(':chat Nhóm chung');
    const rebound = await session.say(`/dangky ${code}`);
    expect(rebound).toContain('Đã đăng ký nhóm này cho Trung tâm Phục vụ hành chính công phường.');
    expect(rebound).toContain('(Trước đây nhóm đăng ký cho Trạm Y tế phường.)');
    await session.say(':as vhxh');
    const list = await session.say('/donvi');
    expect(list).toContain('• Trung tâm PVHCC – "Nhóm chung"');
    expect(list).toMatch(/Chưa đăng ký:[\s\S]*• Trạm Y tế/);
    expect(await session.say('/huydangky trung tam hanh chinh cong')).toContain(
      'Đã hủy đăng ký 1 nhóm của Trung tâm PVHCC.',
    );
    await session.say(':chat Nhóm chung');
    expect(await session.say('/nhiemvu')).toContain('chưa được đăng ký');
  });

  it.each([
    // command, allowed roles
    ['/tinhhinh', ['office', 'leader']],
    ['/chuanop', ['office', 'leader']],
    ['/vuongmac', ['office', 'leader']],
    ['/donvi', ['office', 'leader']],
    ['/taoma tram y te', ['office']],
    ['/traloi 1 ok', ['office']],
    ['/dong 1', ['office']],
    ['/huydangky tram y te', ['office']],
    ['/dotxuat 30/06/2026 NV1', ['office']],
    ['/nhiemvu', ['unit', 'office', 'leader']],
    ['/xem', ['unit', 'office', 'leader']],
  ])('%s runs only for %j', async (command, allowed) => {
    session = await ConsoleSession.start(JUNE_1);
    const chats: Record<string, string> = {
      office: ':as vhxh',
      leader: ':as lanhdao',
      unit: ':as tram y te',
      unbound: ':chat la',
    };
    for (const [role, line] of Object.entries(chats)) {
      await session.say(line);
      const out = await session.say(command);
      const refused = /chỉ dành cho Phòng Văn hóa – Xã hội|chưa được đăng ký/.test(out);
      expect(refused, `${command} as ${role}: ${out}`).toBe(!allowed.includes(role));
    }
  });

  it("does not let a unit read another unit's report", async () => {
    session = await ConsoleSession.start(JUNE_1);
    await session.say(':as phong kinh te');
    await session.say('NV3: xong - 2 hội nghị');
    await session.say(':as tram y te');
    const out = await session.say('/xem phong kinh te');
    expect(out).toContain('Mỗi đơn vị chỉ xem được báo cáo của mình.');
    expect(out).not.toContain('2 hội nghị');
  });
});
