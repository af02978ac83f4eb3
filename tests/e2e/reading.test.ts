import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp';
import { hp, plansWithSecondPlan, WardBot } from '../helpers/wardBot';

const KT = 'phong-kt-ht-dt';
const YTE = 'tram-y-te';
const CA = 'cong-an';

let bot: WardBot | null = null;
afterEach(() => {
  bot?.close();
  bot = null;
});

function start(at: string, plansDir?: string): WardBot {
  bot = WardBot.start(hp(at), plansDir);
  return bot;
}

function reports(b: WardBot) {
  return b.db
    .prepare<[], { period_id: string; unit_id: string; revision: number; late: number }>(
      'SELECT period_id, unit_id, revision, late FROM reports ORDER BY id',
    )
    .all();
}

function items(b: WardBot, unitId: string) {
  return b.db
    .prepare<[string], { task_code: string; status: string | null }>(
      `SELECT task_code, status FROM report_items WHERE report_id =
         (SELECT id FROM reports WHERE unit_id = ? ORDER BY id DESC LIMIT 1) ORDER BY task_code`,
    )
    .all(unitId)
    .map((i) => [i.task_code, i.status]);
}

describe('the three findings of the review, in a unit group', () => {
  it('files a December "Báo cáo 6 tháng cuối năm 2026" to the annual period of 2026, on time', () => {
    const b = start('2026-12-04 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const said = b.say(group, 'Báo cáo 6 tháng cuối năm 2026\nNV3: hoàn thành\nNV7: hoàn thành');
    expect(said.reply).toContain('Đã nhận báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(said.reply).toContain('(đúng hạn)');
    expect(reports(b)).toEqual([{ period_id: 'kh-168-2025/N-2026', unit_id: KT, revision: 1, late: 0 }]);
  });

  it('reads "a) NV3 …; b) NV7 …" on one line as two tasks, each with its own status', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const said = b.say(group, 'a) NV3 – tổ chức 2 hội nghị quán triệt, hoàn thành; b) NV7 – Đang thực hiện');
    expect(said.reply).toContain('NV3 – Hoàn thành: tổ chức 2 hội nghị quán triệt');
    expect(said.reply).toContain('NV7 – Đang thực hiện');
    expect(items(b, KT)).toEqual([
      ['NV3', 'done'],
      ['NV7', 'in_progress'],
    ]);
  });

  it('reads a report behind a polite preface, and takes the period the preface names', () => {
    const b = start('2026-12-04 09:00');
    const group = b.bind('g:yte', 'group', 'unit', YTE);
    const said = b.say(group, 'Dạ em gửi báo cáo năm của phòng ạ. NV3: hoàn thành. NV7: đang thực hiện ạ.');
    expect(said.outcome).toBe('report:kh-168-2025/N-2026:r1');
    expect(said.reply).not.toContain('chưa hiểu');
    expect(items(b, YTE)).toEqual([
      ['NV3', 'done'],
      ['NV7', 'in_progress'],
    ]);
  });
});

describe('chatter in a registered unit group', () => {
  const CHATTER = [
    'NV3 năm nay ai phụ trách vậy mọi người?',
    'Nhiệm vụ 7 thì hỏi chị Lan nhé',
    'NV3 xong chưa em?',
    'Báo cáo 6 tháng hạn ngày nào vậy anh?',
    'Em ghi NV3 là hoàn thành được không anh?',
    'Phần NV7 em viết xong rồi, chị Lan tổng hợp giúp em nhé',
  ];

  it('is neither answered nor stored, and leaves /tinhhinh, /chuanop and the reminders as they were', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const office = b.bind('office', 'direct', 'office', 'phong-vhxh');
    b.deps.outbox.enqueue(
      {
        dedupeKey: 'remind:kh-168-2025/6T-2026:phong-kt-ht-dt:-3',
        chatId: group,
        kind: 'remind',
        periodId: 'kh-168-2025/6T-2026',
        unitId: KT,
        payload: { text: 'Nhắc báo cáo' },
        dueAt: hp('2026-06-07 08:00'),
      },
      b.now,
    );
    const missingBefore = b.say(office, '/chuanop').reply;
    for (const text of CHATTER) expect(b.say(group, text).outcome, text).toBe('ignored');
    expect(b.count('reports')).toBe(0);
    expect(b.count('inbound', 'chat_id = ?', group)).toBe(0);
    expect(b.count('outbox', "kind = 'remind' AND status = 'pending'")).toBe(1);
    expect(b.say(office, '/chuanop').reply).toBe(missingBefore);
    expect(missingBefore).toContain('• Phòng KT-HT-ĐT – "g:kt"');
    expect(b.say(office, '/tinhhinh').reply).toContain('• Đã nộp đúng hạn: 0');

    // A real report in the same group stops the reminder at once.
    b.say(group, 'NV3: hoàn thành');
    expect(b.count('outbox', "kind = 'remind' AND status = 'pending'")).toBe(0);
    expect(b.say(office, '/chuanop').reply).not.toContain('Phòng KT-HT-ĐT –');
  });

  it('a question addressed to the bot (a mention) is answered, and still records nothing', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const said = b.say(group, 'NV3 xong chưa?', { addressed: true });
    expect(said.outcome).toBe('task-status:NV3:kh-168-2025/6T-2026');
    expect(said.reply).toContain('Phòng KT-HT-ĐT, báo cáo 6 tháng đầu năm 2026: chưa báo cáo.');
    expect(b.count('reports')).toBe(0);
  });

  it('a line that names a task with no status and no result is not a report, even addressed', () => {
    const b = start('2026-06-03 09:00');
    const direct = b.bind('d:kt', 'direct', 'unit', KT);
    const group = b.bind('g:kt', 'group', 'unit', KT);
    expect(b.say(group, 'NV3 (chủ trì)').outcome).toBe('report:unreadable');
    expect(b.say(direct, 'NV3').outcome).toBe('report:unreadable');
    expect(b.say(direct, '/baocao NV7:').outcome).toBe('report:unreadable');
    expect(b.count('reports')).toBe(0);
    // A result without a status is a report line: kept, counted, and the status is asked for.
    const result = b.say(group, 'NV3: tổ chức 2 hội nghị quán triệt');
    expect(result.outcome).toBe('report:kh-168-2025/6T-2026:r1');
    expect(result.reply).toContain('NV3 – Chưa rõ trạng thái: tổ chức 2 hội nghị quán triệt');
    expect(result.reply).toContain('Cần bổ sung trạng thái cho NV3');
    expect(items(b, KT)).toEqual([['NV3', null]]);
  });

  it('proposals alone, before any report, reach the office but do not count the unit as reported', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const said = b.say(group, 'Đề xuất: tổ chức tập huấn kỹ năng dân vận cho cán bộ trẻ');
    expect(said.outcome).toMatch(/^difficulty:\d+$/);
    expect(b.count('reports')).toBe(0);
    expect(b.count('difficulties')).toBe(1);
  });
});

describe('periods named in a reply', () => {
  it('asks which period is meant for a period past its deadline while another is open, then files the answer', () => {
    const b = start('2026-12-04 09:00');
    const group = b.bind('g:yte', 'group', 'unit', YTE);
    const asked = b.say(group, 'Báo cáo 6 tháng đầu năm 2026\nNV3: hoàn thành\nVướng mắc: thiếu máy tính');
    expect(asked.outcome).toBe('report:ask:which_period');
    expect(asked.reply).toContain('kỳ đang mở là năm 2026 (hạn 10/12/2026)');
    expect(asked.reply).toContain('"năm 2026" hoặc "6 tháng 2026"');
    expect(b.count('reports')).toBe(0);
    // The difficulty does not wait for the answer.
    expect(b.count('difficulties')).toBe(1);

    const answered = b.say(group, 'năm 2026', { replyTo: asked.refs[0] });
    expect(answered.outcome).toMatch(/^report:kh-168-2025\/N-2026:r1:answers=\d+$/);
    expect(reports(b)).toEqual([{ period_id: 'kh-168-2025/N-2026', unit_id: YTE, revision: 1, late: 0 }]);
    expect(b.count('difficulties')).toBe(1);
  });

  it('files to the late period when the answer chooses it, and marks it late', () => {
    const b = start('2026-12-04 09:00');
    const direct = b.bind('d:yte', 'direct', 'unit', YTE);
    b.say(direct, 'Báo cáo 6 tháng đầu năm 2026\nNV3: hoàn thành');
    // In a direct chat the answer need not quote the question.
    const answered = b.say(direct, '6 tháng 2026');
    expect(answered.outcome).toMatch(/^report:kh-168-2025\/6T-2026:r1:late:answers=\d+$/);
    expect(answered.reply).toContain('nộp muộn, sau hạn 10/06/2026');
    // Answered once: the same words again are not a second answer, but a period named alone, as the
    // head of a report to come.
    expect(b.say(direct, '6 tháng 2026').outcome).toBe('courtesy:opening');
    expect(b.count('reports')).toBe(1);
  });

  it('files a past period without asking when the head owns up to it ("bổ sung", "gửi muộn"), and marks it late', () => {
    const b = start('2027-01-05 08:40');
    const group = b.bind('g:ca', 'group', 'unit', CA);
    const said = b.say(
      group,
      'Công an phường gửi bổ sung báo cáo năm 2026 (gửi chậm, mong Phòng thông cảm). NV3 hoàn thành, NV7 hoàn thành.',
    );
    expect(said.reply).toContain('Đã nhận báo cáo năm 2026 của Công an phường');
    expect(reports(b)).toEqual([{ period_id: 'kh-168-2025/N-2026', unit_id: CA, revision: 1, late: 1 }]);
    // The same head without owning up to it is asked about, as a head copied from an old report may be.
    const asked = b.say(b.bind('g:yte', 'group', 'unit', YTE), 'Báo cáo năm 2026\nNV3: hoàn thành');
    expect(asked.outcome).toBe('report:ask:which_period');
  });

  it('asks about a report on a plan the bot does not follow, and files it when told it is this plan', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:yte', 'group', 'unit', YTE);
    const asked = b.say(
      group,
      'Trạm Y tế báo cáo kết quả thực hiện Kế hoạch số 35/KH-UBND về phòng, chống sốt xuất huyết năm 2026:\n- Nhiệm vụ 3: hoàn thành phun hóa chất tại 12 tổ dân phố\n- Nhiệm vụ 5: đang thực hiện',
    );
    expect(asked.outcome).toBe('report:ask:unknown_plan');
    expect(asked.reply).toContain('Báo cáo này ghi Kế hoạch số 35; Bot chỉ theo dõi Kế hoạch số 168/KH-UBND');
    expect(b.count('reports')).toBe(0);
    const answered = b.say(group, 'KH 168', { replyTo: asked.refs[0] });
    expect(answered.outcome).toMatch(/^report:kh-168-2025\/6T-2026:r1/);
    expect(items(b, YTE)).toEqual([
      ['NV3', 'done'],
      ['NV5', 'in_progress'],
    ]);
  });

  it("asks when a reply quotes one period's reminder and names another: one of the two is a slip", () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:ca', 'group', 'unit', CA);
    const reminder = b.deps.refs;
    reminder.saveSent(
      group,
      'rem-6t',
      { kind: 'reminder', periodId: 'kh-168-2025/6T-2026', unitId: CA },
      b.now,
    );
    const said = b.say(group, 'Công an phường báo cáo 6 tháng cuối năm 2026: NV3 HT, NV7 ĐTH', {
      replyTo: 'rem-6t',
    });
    expect(said.outcome).toBe('report:ask:which_period');
    expect(b.count('reports')).toBe(0);
  });

  it('asks about a task given two statuses in one message, and records the others', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:yte', 'group', 'unit', YTE);
    b.say(
      group,
      'Trạm Y tế phường gửi BC 6T/2026\nHoàn thành: NV3, NV4, NV7\nĐang thực hiện: NV4, NV6\nKPS: NV5',
    );
    expect(items(b, YTE)).toEqual([
      ['NV3', 'done'],
      ['NV4', null],
      ['NV5', 'not_applicable'],
      ['NV6', 'in_progress'],
      ['NV7', 'done'],
    ]);
  });

  it('asks about a report that names two periods of different years, and files it by the answer', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const asked = b.say(
      group,
      'Em gửi gộp cả báo cáo năm 2025 (bổ sung) và 6 tháng đầu năm 2026 luôn ạ: NV3 hoàn thành, NV4 đang thực hiện.',
    );
    expect(asked.outcome).toBe('report:ask:other_period');
    expect(asked.reply).toContain('Báo cáo này ghi hai kỳ (năm 2025 và 6 tháng đầu năm 2026)');
    expect(b.count('reports')).toBe(0);
    const answered = b.say(group, '6 tháng 2026', { replyTo: asked.refs[0] });
    expect(answered.outcome).toMatch(/^report:kh-168-2025\/6T-2026:r1/);
    expect(items(b, KT)).toEqual([
      ['NV3', 'done'],
      ['NV4', 'in_progress'],
    ]);
  });

  it('asks about a quarter, which is not a period of the plan', () => {
    const b = start('2026-12-04 09:00');
    const group = b.bind('g:ca', 'group', 'unit', CA);
    const asked = b.say(group, 'Báo cáo quý IV năm 2026\nNV7: hoàn thành');
    expect(asked.outcome).toBe('report:ask:other_period');
    expect(asked.reply).toContain('Kế hoạch không có kỳ báo cáo "quý IV"');
    expect(b.count('reports')).toBe(0);
  });

  it('files a late six-month report without asking while its own period is still the one being collected', () => {
    const b = start('2026-06-15 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const said = b.say(group, 'Báo cáo 6 tháng đầu năm 2026 (gửi muộn)\nNV3: hoàn thành');
    expect(said.outcome).toBe('report:kh-168-2025/6T-2026:r1:late');
  });

  it('takes the period of the reminder a reply quotes', () => {
    const b = start('2026-12-04 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    b.deps.refs.save(
      group,
      'reminder-1',
      { kind: 'reminder', periodId: 'kh-168-2025/N-2026', unitId: KT, taskCode: null },
      b.now,
    );
    const said = b.say(group, 'NV3 xong rồi ạ', { replyTo: 'reminder-1' });
    expect(said.outcome).toBe('report:kh-168-2025/N-2026:r1');
  });
});

describe('tasks named by content, or all at once', () => {
  it('records tasks named by their content, says how it read them, and quotes back a name that fits two tasks', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:yte', 'group', 'unit', YTE);
    const said = b.say(
      group,
      'Trạm y tế báo cáo 6 tháng ạ: quy tắc ứng xử – xong; CCHC & chuyển đổi số – đang làm; công khai, minh bạch – đang làm',
    );
    expect(said.reply).toContain(
      'Bot đọc theo tên nhiệm vụ: “quy tắc ứng xử” là NV3; “CCHC & chuyển đổi số” là NV4.',
    );
    expect(said.reply).toContain('Dòng “công khai, minh bạch” chưa ghi số nhiệm vụ');
    expect(items(b, YTE)).toEqual([
      ['NV3', 'done'],
      ['NV4', 'in_progress'],
    ]);
  });

  it('asks when a task number and the name beside it are two tasks, and reads the note of the number otherwise', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const said = b.say(
      group,
      'NV4 (Dân vận khéo): hoàn thành\nNV3 (chủ trì): hoàn thành\nNV5 (tiếp công dân, giải quyết đơn thư): đang thực hiện',
    );
    expect(said.reply).toContain(
      'NV4 ghi kèm “Dân vận khéo”, là tên của NV7, nên Bot chưa ghi trạng thái cho NV4.',
    );
    expect(said.reply).not.toContain('ghi nhiều trạng thái');
    expect(items(b, KT)).toEqual([
      ['NV3', 'done'],
      ['NV4', null],
      ['NV5', 'in_progress'],
    ]);
  });

  it('gives every task of the unit the status of "các nhiệm vụ đều hoàn thành", except those named apart', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:vp', 'group', 'unit', 'vp-hdnd-ubnd');
    const said = b.say(group, 'Xong hết trừ NV6 vẫn đang làm ạ');
    expect(said.reply).toContain('Bot ghi “Xong hết trừ” cho NV1, NV3, NV4, NV5, NV7.');
    expect(items(b, 'vp-hdnd-ubnd')).toEqual([
      ['NV1', 'done'],
      ['NV3', 'done'],
      ['NV4', 'done'],
      ['NV5', 'done'],
      ['NV6', 'in_progress'],
      ['NV7', 'done'],
    ]);
  });
});

describe('a report sent one message at a time, as chat apps invite', () => {
  it('answers the head, a thanks and a greeting politely, stays quiet on "ok", and records nothing for them', () => {
    const b = start('2026-12-04 09:00');
    const chat = b.bind('d:yte', 'direct', 'unit', YTE);
    const head = b.say(chat, 'Dạ em chào chị, Trạm y tế gửi báo cáo 6 tháng cuối năm ạ:');
    expect(head.outcome).toBe('courtesy:opening');
    expect(head.reply).toContain('mời anh/chị gửi báo cáo năm 2026');
    expect(head.reply).not.toContain('chưa hiểu');
    expect(head.reply).not.toContain('Lưu ý');
    const line = b.say(chat, '1. NV3 đã phát 1.500 tờ rơi, tổ chức 4 buổi truyền thông - hoàn thành');
    expect(line.reply).toContain('NV3 – Hoàn thành: đã phát 1.500 tờ rơi, tổ chức 4 buổi truyền thông');
    const thanks = b.say(chat, 'Em cảm ơn ạ');
    expect([thanks.outcome, thanks.reply]).toEqual(['courtesy:thanks', 'Dạ, Bot cảm ơn anh/chị.']);
    const ok = b.say(chat, 'ok ạ 👍');
    expect([ok.outcome, ok.reply]).toEqual(['courtesy:ack', '']);
    const hello = b.say(chat, 'Chào bot');
    expect(hello.outcome).toBe('courtesy:greeting');
    expect(reports(b)).toEqual([{ period_id: 'kh-168-2025/N-2026', unit_id: YTE, revision: 1, late: 0 }]);
  });

  it('says where lines sent on their own go when the head names another period, and files a reply to it there', () => {
    const b = start('2026-06-03 09:00');
    const chat = b.bind('d:kt', 'direct', 'unit', KT);
    const head = b.say(chat, 'Phòng KT-HT-ĐT gửi bổ sung báo cáo năm 2025:');
    expect(head.reply).toContain('mời anh/chị gửi báo cáo năm 2025');
    expect(head.reply).toContain(
      'Lưu ý: các dòng gửi riêng, không ghi tên kỳ, được ghi vào kỳ 6 tháng đầu năm 2026. Để báo cáo kỳ năm 2025, đề nghị anh/chị trả lời tin nhắn này',
    );
    const line = b.say(chat, 'NV7: hoàn thành', { replyTo: head.refs[0] });
    expect(line.reply).toContain('Đã nhận báo cáo năm 2025 của Phòng KT-HT-ĐT');
    expect(reports(b)).toEqual([{ period_id: 'kh-168-2025/N-2025', unit_id: KT, revision: 1, late: 1 }]);
  });

  it('lists the tasks kept on one line while lines come in a row, and in full after a pause', () => {
    const b = start('2026-12-04 09:00');
    const chat = b.bind('d:yte', 'direct', 'unit', YTE);
    b.say(chat, 'NV3: hoàn thành - phát 1.500 tờ rơi');
    b.now = hp('2026-12-04 09:01');
    const second = b.say(chat, 'NV4: đang triển khai đặt lịch khám qua VNeID');
    expect(second.reply).toContain('NV4 – Đang thực hiện: đặt lịch khám qua VNeID');
    expect(second.reply).toContain('Giữ nguyên từ lần trước: NV3 (hoàn thành).');
    b.now = hp('2026-12-04 09:02');
    const third = b.say(chat, 'NV5 ko phát sinh');
    expect(third.reply).toContain('Giữ nguyên từ lần trước: NV3 (hoàn thành), NV4 (đang thực hiện).');
    b.now = hp('2026-12-04 15:00');
    const later = b.say(chat, 'NV7: đang thực hiện');
    expect(later.reply).toContain(
      'Giữ nguyên từ lần trước:\nNV3 – Hoàn thành: phát 1.500 tờ rơi\nNV4 – Đang thực hiện: đặt lịch khám qua VNeID\nNV5 – Không phát sinh',
    );
  });

  it('in a unit group, a head, a thanks or an "ok" not addressed to the bot is left to the people there', () => {
    const b = start('2026-12-04 09:00');
    const group = b.bind('g:yte', 'group', 'unit', YTE);
    for (const text of ['Dạ em gửi báo cáo năm ạ:', 'Em cảm ơn chị ạ', 'ok em', 'Chào cả nhà'])
      expect(b.say(group, text)).toMatchObject({ outcome: 'ignored', reply: '' });
    expect(reports(b)).toEqual([]);
  });
});

describe('corrections as people write them', () => {
  it.each([
    ['Sửa lại NV3: hoàn thành', 'NV3', 'done'],
    ['Em xin sửa NV7 thành hoàn thành ạ', 'NV7', 'done'],
    ['NV3 (sửa): chưa thực hiện', 'NV3', 'not_started'],
    ['Dạ em sửa lại NV7 là không phát sinh ạ, em ghi nhầm', 'NV7', 'not_applicable'],
  ])('"%s" records a new revision of %s', (text, code, status) => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    b.say(group, 'NV3: đang thực hiện\nNV7: đang thực hiện');
    const said = b.say(group, text);
    expect(said.outcome).toBe('report:kh-168-2025/6T-2026:r2');
    expect(said.reply).toContain('Lần 2 (bản sửa)');
    expect(items(b, KT)).toContainEqual([code, status]);
    expect(b.count('reports')).toBe(2);
  });
});

describe('"Không phát sinh"', () => {
  it('counts as reported for the task, and is shown apart from "not started" in the receipt and the status', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:yte', 'group', 'unit', YTE);
    const office = b.bind('office', 'direct', 'office', 'phong-vhxh');
    const said = b.say(group, 'NV5: trong kỳ không phát sinh đơn thư khiếu nại\nNV6: chưa thực hiện');
    expect(said.reply).toContain('NV5 – Không phát sinh: trong kỳ không phát sinh đơn thư khiếu nại');
    expect(said.reply).toContain('NV6 – Chưa thực hiện');
    expect(said.reply).toContain('Còn thiếu: NV3, NV4 (phối hợp), NV7.');
    const status = b.say(office, '/tinhhinh').reply;
    expect(status).toContain('NV5: 1 không phát sinh, 6 chưa báo cáo');
    expect(status).toContain('NV6: 1 chưa thực hiện, 6 chưa báo cáo');
    expect(b.say(office, '/xem tram y te').reply).toContain('NV5 – Không phát sinh');
  });
});

describe('several plans, each numbering its tasks from NV1', () => {
  it('asks which plan when the task numbers fit both, and files the answer to that plan', () => {
    const b = start('2026-06-03 09:00', plansWithSecondPlan(tempDir()));
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const asked = b.say(group, 'NV3: hoàn thành');
    expect(asked.outcome).toBe('report:ask:which_plan');
    expect(asked.reply).toContain('Kế hoạch số 168/KH-UBND, Kế hoạch số 200/KH-UBND');
    expect(b.count('reports')).toBe(0);
    const answered = b.say(group, 'KH 200', { replyTo: asked.refs[0] });
    expect(answered.outcome).toMatch(/^report:kh-200-2026\/6T-2026:r1:answers=\d+$/);
    expect(answered.reply).toContain(
      'Đã nhận báo cáo 6 tháng đầu năm 2026 – Kế hoạch số 200/KH-UBND của Phòng KT-HT-ĐT',
    );
  });

  it('asks for the period after the plan when both are unclear, and files the report with both answers', () => {
    const b = start('2026-12-04 09:00', plansWithSecondPlan(tempDir()));
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const asked = b.say(group, 'Báo cáo 6 tháng đầu năm 2026\nNV3: hoàn thành');
    expect(asked.outcome).toBe('report:ask:which_plan');
    const plan = b.say(group, 'KH 200', { replyTo: asked.refs[0] });
    expect(plan.outcome).toMatch(/^report:ask:which_period:answers=\d+$/);
    expect(plan.reply).toContain('Báo cáo này thuộc kỳ nào?');
    expect(b.count('reports')).toBe(0);
    // The report is still the first message, and the plan the first answer named still holds.
    const period = b.say(group, 'năm 2026', { replyTo: plan.refs[0] });
    expect(period.outcome).toMatch(/^report:kh-200-2026\/N-2026:r1:answers=\d+$/);
    expect(period.reply).toContain('Đã nhận báo cáo năm 2026 – Kế hoạch số 200/KH-UBND của Phòng KT-HT-ĐT');
    expect(reports(b)).toEqual([{ period_id: 'kh-200-2026/N-2026', unit_id: KT, revision: 1, late: 0 }]);
    expect(items(b, KT)).toEqual([['NV3', 'done']]);
  });

  it('takes the plan from a number in the text, and names it in the receipt', () => {
    const b = start('2026-06-03 09:00', plansWithSecondPlan(tempDir()));
    const group = b.bind('g:kt', 'group', 'unit', KT);
    const said = b.say(group, 'Báo cáo kết quả thực hiện Kế hoạch 168 6 tháng đầu năm 2026\nNV3: hoàn thành');
    expect(said.outcome).toBe('report:kh-168-2025/6T-2026:r1');
    expect(said.reply).toContain('– Kế hoạch số 168/KH-UBND của Phòng KT-HT-ĐT');
  });

  it('takes the plan of the reminder a reply quotes', () => {
    const b = start('2026-06-03 09:00', plansWithSecondPlan(tempDir()));
    const group = b.bind('g:kt', 'group', 'unit', KT);
    b.deps.refs.save(
      group,
      'reminder-200',
      { kind: 'reminder', periodId: 'kh-200-2026/6T-2026', unitId: KT, taskCode: null },
      b.now,
    );
    expect(b.say(group, 'NV3: hoàn thành', { replyTo: 'reminder-200' }).outcome).toBe(
      'report:kh-200-2026/6T-2026:r1',
    );
  });

  it('does not ask when only one plan gives the unit these tasks', () => {
    const b = start('2026-06-03 09:00', plansWithSecondPlan(tempDir()));
    const group = b.bind('g:kt', 'group', 'unit', KT);
    expect(b.say(group, 'NV7: hoàn thành').outcome).toBe('report:kh-168-2025/6T-2026:r1');
    expect(b.say(group, 'NV2: đang thực hiện').outcome).toBe('report:kh-200-2026/6T-2026:r1');
  });
});

describe('a report for another unit', () => {
  it('is refused from a unit chat, recorded for nobody, and audited', () => {
    const b = start('2026-06-03 09:00');
    const direct = b.bind('d:ca', 'direct', 'unit', CA);
    const said = b.say(direct, '/baocao phong kinh te\nNV3: hoàn thành');
    expect(said.outcome).toBe('refused:baocao-other-unit');
    expect(said.reply).toContain('không gửi thay Phòng KT-HT-ĐT');
    expect(b.count('reports')).toBe(0);
    const audit = b.db.prepare("SELECT chat_id, action, detail FROM audit WHERE action = 'refused'").all();
    expect(audit).toEqual([
      { chat_id: direct, action: 'refused', detail: '{"command":"baocao","unitId":"phong-kt-ht-dt"}' },
    ]);
    // Its own name is fine.
    expect(b.say(direct, '/baocao Công an phường\nNV7: hoàn thành').outcome).toBe(
      'report:kh-168-2025/6T-2026:r1',
    );
  });
});

describe('questions as the office, the leaders and the units type them', () => {
  it('a leader\'s plain question about the status gets the status, not "no need to report"', () => {
    const b = start('2026-06-03 09:00');
    const leaders = b.bind('g:lanhdao', 'group', 'leader', null);
    b.say(b.bind('d:kt', 'direct', 'unit', KT), 'NV3: hoàn thành');
    const said = b.say(leaders, 'tình hình báo cáo thế nào rồi?');
    expect(said.outcome).toBe('status:kh-168-2025/6T-2026');
    expect(said.reply).toContain('Tình hình báo cáo 6 tháng đầu năm 2026');
    expect(said.reply).toContain('• Đã nộp đúng hạn: 1');
    expect(said.reply).not.toContain('không cần gửi báo cáo');
    expect(b.say(leaders, 'ai còn nợ báo cáo?').outcome).toBe('missing:kh-168-2025/6T-2026');
    const task = b.say(leaders, 'NV3 đến đâu rồi?');
    expect(task.reply).toContain('• Phòng KT-HT-ĐT (chủ trì) – Hoàn thành');
    // Talk among the leaders that calls on the people is left to them.
    expect(b.say(leaders, 'Tình hình báo cáo thế nào rồi mọi người?').outcome).toBe('ignored');
  });

  it("a unit's chat gets only its own data, whatever it asks", () => {
    const b = start('2026-06-03 09:00');
    const ca = b.bind('d:ca', 'direct', 'unit', CA);
    b.say(b.bind('d:kt', 'direct', 'unit', KT), 'NV3: hoàn thành');
    b.say(ca, 'NV7: hoàn thành');
    for (const q of ['đơn vị nào chưa nộp?', 'tình hình báo cáo thế nào rồi?', 'phòng mình còn thiếu gì?']) {
      const said = b.say(ca, q);
      expect(said.outcome, q).toBe('unit-status:kh-168-2025/6T-2026');
      expect(said.reply).toContain('Báo cáo 6 tháng đầu năm 2026 của Công an phường');
      expect(said.reply).toContain(
        'Còn thiếu: NV3 (phối hợp), NV4 (phối hợp), NV5 (phối hợp), NV6 (phối hợp).',
      );
      expect(said.reply).not.toContain('Phòng KT-HT-ĐT');
    }
    const other = b.say(ca, 'Phòng kinh tế đã báo cáo chưa?');
    expect(other.outcome).toBe('refused:xem-other-unit');
  });

  it('in a unit group, an unaddressed question is left to the people there', () => {
    const b = start('2026-06-03 09:00');
    const group = b.bind('g:kt', 'group', 'unit', KT);
    expect(b.say(group, 'phòng mình còn thiếu gì?').outcome).toBe('ignored');
    expect(b.say(group, 'phòng mình còn thiếu gì?', { addressed: true }).outcome).toBe(
      'unit-status:kh-168-2025/6T-2026',
    );
  });
});

describe('command arguments as the office types them', () => {
  function adhoc(b: WardBot) {
    return b.db
      .prepare<[], { deadline_on: string; task_codes: string; unit_ids: string }>(
        "SELECT deadline_on, task_codes, unit_ids FROM periods WHERE kind = 'adhoc' ORDER BY number DESC LIMIT 1",
      )
      .get();
  }

  it('"/dotxuat 15/12 NV4 phong kinh te" takes a date without a year as its next occurrence', () => {
    const b = start('2026-06-03 09:00');
    const office = b.bind('office', 'direct', 'office', 'phong-vhxh');
    expect(b.say(office, '/dotxuat 15/12 NV4 phong kinh te').outcome).toMatch(/^adhoc:kh-168-2025\/DX-\d+$/);
    expect(adhoc(b)).toEqual({ deadline_on: '2026-12-15', task_codes: '["NV4"]', unit_ids: `["${KT}"]` });
    b.say(office, '/dotxuat 5-1 NV5 van phong');
    expect(adhoc(b)?.deadline_on).toBe('2027-01-05');
  });

  it('"tất cả" is every unit responsible, and a name that fits no unit is never taken for another', () => {
    const b = start('2026-06-03 09:00');
    const office = b.bind('office', 'direct', 'office', 'phong-vhxh');
    const all = b.say(office, '/dotxuat 20/12/2026 NV4, NV5 tat ca');
    expect(all.outcome).toMatch(/^adhoc:/);
    expect(all.reply).not.toContain('Có phải');
    expect(JSON.parse(adhoc(b)?.unit_ids ?? '[]')).toHaveLength(7);

    const unknown = b.say(office, '/dotxuat 20/12/2026 NV4 phong tai chinh');
    expect(unknown.outcome).toBe('adhoc:unit');
    expect(unknown.reply).toContain('Không tìm thấy đơn vị "phong tai chinh"');
    expect(b.say(office, '/dotxuat 31/02 NV4').reply).toContain('Không có ngày "31/02"');
  });

  it('lists of units are separated by commas, semicolons or "và", and names with a comma stay whole', () => {
    const b = start('2026-06-03 09:00');
    const office = b.bind('office', 'direct', 'office', 'phong-vhxh');
    b.say(office, '/dotxuat 15/12/2026 NV3 và NV7 Phòng Kinh tế, Hạ tầng và Đô thị; công an và quân sự');
    expect(JSON.parse(adhoc(b)?.unit_ids ?? '[]')).toEqual([KT, CA, 'ban-chqs']);
    expect(JSON.parse(adhoc(b)?.task_codes ?? '[]')).toEqual(['NV3', 'NV7']);
    const nudged = b.say(office, '/nhacnho phong kinh te va cong an');
    expect(nudged.outcome).toMatch(/^nudge:/);
    const audit = b.db.prepare("SELECT detail FROM audit WHERE action = 'nudge'").pluck().get() as string;
    expect((JSON.parse(audit) as { units: string[] }).units).toEqual([KT, CA]);
  });
});
