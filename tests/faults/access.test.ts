import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { createApp } from '../../src/app';
import { commands } from '../../src/bot/commands';
import type { Incoming } from '../../src/channels/channel';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import type { Role } from '../../src/storage/chats';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';

/**
 * Access. Promise: every command is refused to every role it is not for, a unit can neither read nor
 * write another unit's report, an unbound chat learns nothing but how to register, a leader cannot
 * report, and invitation codes work once and not after they expire; every refusal is written to the
 * audit table.
 */
let now = instantAt('2026-06-05', '09:00', 'Asia/Ho_Chi_Minh');
let app: App | null = null;
let seq = 0;

afterEach(() => {
  app?.close();
  app = null;
});

function open(): App {
  app = createApp(loadConfig({ DATABASE_PATH: join(tempDir(), 'bot.sqlite'), PLANS_DIR }), {
    logger: silentLogger,
    clock: () => now,
  });
  const chats = app.deps.chats;
  chats.bind(
    'test:office',
    { kind: 'group', title: 'Phòng VHXH', role: 'office', unitId: 'phong-vhxh', via: 'test' },
    now,
  );
  chats.bind(
    'test:leader',
    { kind: 'group', title: 'Lãnh đạo', role: 'leader', unitId: null, via: 'test' },
    now,
  );
  chats.bind(
    'test:kt',
    { kind: 'group', title: 'Phòng KT-HT-ĐT', role: 'unit', unitId: 'phong-kt-ht-dt', via: 'test' },
    now,
  );
  chats.bind(
    'test:ca',
    { kind: 'group', title: 'Công an', role: 'unit', unitId: 'cong-an', via: 'test' },
    now,
  );
  chats.bind(
    'test:mttq',
    { kind: 'group', title: 'Ủy ban MTTQ', role: 'supervisor', unitId: 'mttq', via: 'test' },
    now,
  );
  return app;
}

function say(a: App, chatId: string, text: string, kind: Incoming['kind'] = 'message') {
  const key = `test:${++seq}`;
  const r = a.bot.handle({
    dedupeKey: key,
    chatId,
    chatKind: 'group',
    chatTitle: chatId,
    sender: { id: 'u1', name: 'Người thử' },
    text,
    kind,
    messageRef: key,
    replyTo: null,
    addressed: true,
    receivedAt: now,
    sentAt: now,
  });
  return r.replies.map((x) => x.text).join('\n') || (r.ack ?? '');
}

const audits = (a: App, action: string) =>
  a.deps.db.$client.prepare('SELECT chat_id, detail FROM audit WHERE action = ? ORDER BY id').all(action) as {
    chat_id: string | null;
    detail: string;
  }[];

const CHAT_OF: Record<Role | 'unbound', string> = {
  office: 'test:office',
  leader: 'test:leader',
  unit: 'test:kt',
  supervisor: 'test:mttq',
  unbound: 'test:stranger',
};

describe('access', () => {
  it('refuses every command to every role it is not for, and audits each refusal', () => {
    const a = open();
    let tried = 0;
    let refused = 0;
    for (const command of commands) {
      for (const role of ['office', 'leader', 'unit', 'supervisor', 'unbound'] as const) {
        if (command.audience.includes(role)) continue;
        for (const name of command.names) {
          tried++;
          const before = audits(a, 'refused').length;
          const out = say(a, CHAT_OF[role], `/${name} phong kinh te`);
          expect(out, `/${name} from ${role}`).toMatch(/chỉ dành cho|chưa được đăng ký|đăng ký/);
          const logged = audits(a, 'refused');
          expect(logged.length, `/${name} from ${role}`).toBe(before + 1);
          expect(JSON.parse(logged.at(-1)!.detail)).toMatchObject({ command: command.names[0], role });
          refused++;
        }
      }
    }
    console.log(`access: ${tried} command × role attempts, ${refused} refused and audited`);
    expect(refused).toBe(tried);
    expect(tried).toBeGreaterThan(60);
    // Nothing an office command does happened.
    expect(a.deps.db.$client.prepare('SELECT COUNT(*) FROM invites').pluck().get()).toBe(0);
    expect(a.deps.db.$client.prepare("SELECT COUNT(*) FROM periods WHERE kind = 'adhoc'").pluck().get()).toBe(
      0,
    );
  });

  it("keeps a unit out of another unit's report, by command and by button", () => {
    const a = open();
    say(a, 'test:ca', 'NV3: hoàn thành - kết quả riêng của Công an');
    const view = say(a, 'test:kt', '/xem cong an');
    expect(view).toContain('Mỗi đơn vị chỉ xem được báo cáo của mình');
    expect(view).not.toContain('kết quả riêng');
    const period = a.deps.periods.ofPlan(a.deps.planSet.plans[0]!.id).find((p) => p.id.endsWith('6T-2026'))!;
    const tap = say(a, 'test:kt', `s|${period.id}|cong-an|NV3|n`, 'action');
    expect(tap).toMatch(/đơn vị khác/);
    const reports = a.deps.reports.history(period.id, 'cong-an');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.items[0]?.status).toBe('done');
    // A report for another unit is refused, recorded for neither unit, and audited.
    const other = say(a, 'test:kt', '/baocao cong an\nNV3: đang thực hiện - của KT');
    expect(other).toContain('không gửi thay Công an phường');
    expect(a.deps.reports.history(period.id, 'cong-an')).toHaveLength(1);
    expect(a.deps.reports.history(period.id, 'phong-kt-ht-dt')).toHaveLength(0);
    // Another unit's tasks are the plan's, public; its report is not: no status, no result.
    const tasks = say(a, 'test:kt', '/nhiemvu cong an');
    expect(tasks).toContain('Công an phường');
    expect(tasks).not.toMatch(/kết quả riêng|Đã nộp|Hoàn thành|Lần 1/);
    const refusals = audits(a, 'refused').map((r) => JSON.parse(r.detail) as Record<string, unknown>);
    expect(refusals).toContainEqual({ command: 'xem', unitId: 'cong-an' });
    expect(refusals).toContainEqual({ button: 'status', unitId: 'cong-an' });
    expect(refusals).toContainEqual({ command: 'baocao', unitId: 'cong-an' });
    console.log(
      `access: unit KT-HT-ĐT → Công an's report by /xem, by button, by /baocao: refused; ${refusals.length} refusals audited`,
    );
  });

  it("tells an unbound chat nothing but how to register, refuses a leader's report, and audits each", () => {
    const a = open();
    const a0 = audits(a, 'refused').length;
    const tries: [string, string, Incoming['kind'], Record<string, unknown>][] = [
      [
        'test:stranger',
        'NV3: hoàn thành - báo cáo từ nhóm lạ',
        'message',
        { asked: 'message', role: 'unbound' },
      ],
      ['test:stranger', 'Vướng mắc: thiếu kinh phí', 'message', { asked: 'message', role: 'unbound' }],
      ['test:stranger', '/khongco phong kinh te', 'message', { asked: '/khongco', role: 'unbound' }],
      [
        'test:stranger',
        's|kh-168-2025/6T-2026|phong-kt-ht-dt|NV3|d',
        'action',
        { asked: 'button', role: 'unbound' },
      ],
      ['test:leader', 'NV3: hoàn thành - lãnh đạo báo cáo', 'message', { asked: 'report', role: 'leader' }],
      [
        'test:leader',
        '/baocao NV3: hoàn thành - lãnh đạo báo cáo',
        'message',
        { asked: '/baocao', role: 'leader' },
      ],
    ];
    for (const [chat, text, kind, detail] of tries) {
      const out = say(a, chat, text, kind);
      expect(out, text).not.toMatch(/Đã nhận|Đã ghi/);
      expect(JSON.parse(audits(a, 'refused').at(-1)!.detail), text).toEqual(detail);
    }
    // Help and registration stay open to everyone, and are not refusals.
    expect(say(a, 'test:stranger', '/help')).toContain('/dangky');
    expect(audits(a, 'refused').length - a0).toBe(tries.length);
    expect(a.deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get()).toBe(0);
    expect(a.deps.db.$client.prepare('SELECT COUNT(*) FROM difficulties').pluck().get()).toBe(0);
    console.log(
      `access: ${tries.length} tries from an unbound chat and a leader refused and audited; help open`,
    );
  });

  it('takes an invitation code once, never after it expires, and audits the refusals', () => {
    const a = open();
    const code = a.deps.invites.create('unit', 'tram-y-te', 'test:office', now, 72).code;
    expect(say(a, 'test:new1', `/dangky ${code}`)).toContain('Đã đăng ký nhóm này cho Trạm Y tế phường');
    expect(say(a, 'test:new2', `/dangky ${code}`)).toMatch(/đã được dùng|không đúng|hết hạn/);
    const old = a.deps.invites.create('unit', 'ban-chqs', 'test:office', now, 1).code;
    now = new Date(now.getTime() + 2 * 3_600_000);
    expect(say(a, 'test:new3', `/dangky ${old}`)).toMatch(/hết hạn/);
    expect(say(a, 'test:new4', '/dangky ZZZZ-ZZZZ')).toMatch(/không đúng/);
    expect(a.deps.chats.get('test:new2')?.role ?? null).toBeNull();
    expect(a.deps.chats.get('test:new3')?.role ?? null).toBeNull();
    const refused = audits(a, 'bind-refused');
    expect(refused.map((r) => r.chat_id)).toEqual(['test:new2', 'test:new3', 'test:new4']);
    expect(refused.map((r) => (JSON.parse(r.detail) as { reason: string }).reason)).toEqual([
      'used',
      'expired',
      'unknown',
    ]);
    console.log(
      'access: invitation codes: 1 used once, 1 reused, 1 expired, 1 unknown → 3 refused and audited',
    );
  });

  it("lets a supervisors' chat read the status and the scorecard, never report, and audits each refusal", () => {
    const a = open();
    say(a, 'test:ca', 'NV3: hoàn thành - kết quả của Công an');
    const allowed: [string, RegExp][] = [
      ['/tinhhinh', /Tình hình báo cáo 6 tháng đầu năm 2026/],
      ['/chuanop', /Chưa nộp báo cáo 6 tháng đầu năm 2026: 6\/7 đơn vị/],
      ['/xem cong an', /Hoàn thành: kết quả của Công an/],
      ['/xephang', /Theo dõi việc gửi báo cáo năm 2026/],
      ['/lich', /Lịch gửi tự động/],
      ['/nhiemvu NV6', /NV6/],
      ['/help', /Cơ quan giám sát có thể xem/],
    ];
    const before = audits(a, 'refused').length;
    for (const [text, expected] of allowed) expect(say(a, 'test:mttq', text), text).toMatch(expected);
    expect(audits(a, 'refused').length).toBe(before);

    const period = a.deps.periods.ofPlan(a.deps.planSet.plans[0]!.id).find((p) => p.id.endsWith('6T-2026'))!;
    const refused: [string, Incoming['kind'], Record<string, unknown>][] = [
      ['NV3: hoàn thành - Mặt trận báo cáo', 'message', { asked: 'report', role: 'supervisor' }],
      ['Vướng mắc: Mặt trận nêu vướng mắc', 'message', { asked: 'report', role: 'supervisor' }],
      ['/baocao NV3: hoàn thành - qua lệnh', 'message', { command: 'baocao', role: 'supervisor' }],
      ['/traloi 1 Mặt trận trả lời', 'message', { command: 'traloi', role: 'supervisor' }],
      ['/chuyencap 1 Sở Nội vụ', 'message', { command: 'chuyencap', role: 'supervisor' }],
      ['/xuat', 'message', { command: 'xuat', role: 'supervisor' }],
      ['/taoma giamsat mttq', 'message', { command: 'taoma', role: 'supervisor' }],
      [`s|${period.id}|mttq|NV3|d`, 'action', { button: 'status', unitId: 'mttq' }],
      [`s|${period.id}|cong-an|NV3|n`, 'action', { button: 'status', unitId: 'cong-an' }],
    ];
    for (const [text, kind, detail] of refused) {
      const out = say(a, 'test:mttq', text, kind);
      expect(out, text).not.toMatch(/Đã nhận|Đã ghi/);
      expect(JSON.parse(audits(a, 'refused').at(-1)!.detail), text).toEqual(detail);
    }
    expect(audits(a, 'refused').length - before).toBe(refused.length);
    expect(
      a.deps.db.$client.prepare("SELECT COUNT(*) FROM reports WHERE unit_id = 'mttq'").pluck().get(),
    ).toBe(0);
    expect(a.deps.reports.history(period.id, 'cong-an')).toHaveLength(1);
    expect(a.deps.db.$client.prepare('SELECT COUNT(*) FROM difficulties').pluck().get()).toBe(0);
    console.log(
      `access: supervisors' chat: ${allowed.length} reading commands answered, ${refused.length} reports, office commands and buttons refused and audited`,
    );
  });

  it("binds a supervisors' chat only to a supervising body, from the office and from the terminal's words", () => {
    const a = open();
    expect(say(a, 'test:office', '/taoma giamsat phong kinh te')).toContain(
      '"phong kinh te" không phải cơ quan giám sát',
    );
    expect(say(a, 'test:office', '/taoma giamsat')).toContain('/taoma giamsat mttq');
    const out = say(a, 'test:office', '/taoma giám sát Mặt trận Tổ quốc');
    expect(out).toContain('Mã đăng ký cho Ủy ban Mặt trận Tổ quốc Việt Nam phường (giám sát)');
    const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(out)![1]!;
    expect(say(a, 'test:front', `/dangky ${code}`)).toContain('nhóm không phải gửi báo cáo');
    expect(a.deps.chats.get('test:front')).toMatchObject({ role: 'supervisor', unitId: 'mttq' });
    const party = say(a, 'test:office', '/taoma giamsat ban xay dung dang');
    expect(party).toContain('Ban Xây dựng Đảng Đảng ủy phường (giám sát)');
    expect(say(a, 'test:office', '/donvi')).toContain(
      'Giám sát – Ủy ban MTTQ phường: "Ủy ban MTTQ"; "test:front"',
    );
    expect(say(a, 'test:office', '/huydangky giamsat mttq')).toContain(
      'Đã hủy đăng ký 2 nhóm của Ủy ban MTTQ phường (giám sát)',
    );
    expect(a.deps.chats.get('test:front')?.role ?? null).toBeNull();
  });
});
