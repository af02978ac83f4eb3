import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import { Scheduler } from '../../src/scheduler/scheduler';
import { OutboxSender } from '../../src/scheduler/sender';
import { FakeChannel } from '../helpers/fakeChannel';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';

const vn = (date: string, time: string) => instantAt(date, time, 'Asia/Ho_Chi_Minh');
const UNITS = ['vp-hdnd-ubnd', 'phong-kt-ht-dt', 'tt-phvhcc', 'tram-y-te', 'cong-an', 'ban-chqs'];

const apps: App[] = [];
afterEach(() => {
  while (apps.length) apps.pop()?.close();
});

/** The bot's app on a database file; a restart is a new app on the same file. */
function start(dir: string, now: () => Date): App {
  const app = createApp(loadConfig({ DATABASE_PATH: join(dir, 'bot.sqlite'), PLANS_DIR }), {
    logger: silentLogger,
    clock: now,
  });
  apps.push(app);
  return app;
}

function bindAll(app: App, at: Date): void {
  for (const u of UNITS)
    app.deps.chats.bind(`fake:${u}`, { kind: 'group', title: u, role: 'unit', unitId: u, via: 'test' }, at);
  app.deps.chats.bind(
    'fake:office',
    { kind: 'group', title: 'VHXH', role: 'office', unitId: 'phong-vhxh', via: 'test' },
    at,
  );
  app.deps.chats.bind(
    'fake:leaders',
    { kind: 'group', title: 'Lãnh đạo', role: 'leader', unitId: null, via: 'test' },
    at,
  );
}

function scheduler(app: App): Scheduler {
  return new Scheduler(app.deps, silentLogger, { graceMs: 24 * 3_600_000 });
}

async function drain(app: App, channel: FakeChannel): Promise<void> {
  const sender = new OutboxSender(channel, app.deps.outbox, app.deps.chats, app.deps.refs, silentLogger, {
    limits: { perSecond: 0, minIntervalMs: 0, perChatIntervalMs: 0, groupPerMinute: null, jitterMs: 0 },
    maxAttempts: 3,
    clock: app.deps.clock,
    onGaveUp: () => {},
  });
  await sender.drainOnce();
}

describe('the scheduler, with a deadline tomorrow (six-month 2026: 10/06)', () => {
  it('reminds each unit exactly once, across restarts, and the leaders get a digest naming the missing', async () => {
    const dir = tempDir();
    let now = vn('2026-06-09', '09:00');
    let app = start(dir, () => now);
    bindAll(app, now);
    const first = scheduler(app).tick();
    // One reminder per unit (the office reports too); older reminders are recorded as skipped, not sent.
    expect(first.queued).toBe(UNITS.length + 1 + 2); // + the office's own reminder, + digest to leaders and office
    for (let restart = 0; restart < 3; restart++) {
      app.close();
      apps.pop();
      app = start(dir, () => now);
      expect(scheduler(app).tick()).toEqual({ queued: 0, skipped: 0 });
    }
    const channel = new FakeChannel('fake');
    await drain(app, channel);
    const reminders = channel.sent.filter((m) => m.text.includes('Nhắc báo cáo 6 tháng đầu năm 2026'));
    expect(reminders.map((m) => m.chatId).sort()).toEqual(
      [...UNITS.map((u) => `fake:${u}`), 'fake:office'].sort(),
    );
    expect(reminders[0]?.text).toContain('còn 1 ngày đến hạn 10/06/2026');
    expect(reminders[0]?.text).toContain('Trả lời tin nhắn này, mỗi nhiệm vụ một dòng, ví dụ: NV3:');
    const digest = channel.sent.find((m) => m.chatId === 'fake:leaders');
    expect(digest?.text).toContain('Bản tin báo cáo 6 tháng đầu năm 2026');
    expect(digest?.text).toMatch(/Chưa nộp.*Phòng KT-HT-ĐT/);
    expect(digest?.text).toContain('Mốc sắp đến:');
    expect(digest?.text).toContain('NV6, mốc 31/12/2027 (Kế hoạch ghi): phấn đấu đến hết năm 2027');
    // Nothing is sent twice however often the tick runs.
    now = vn('2026-06-09', '15:00');
    expect(scheduler(app).tick().queued).toBe(0);
    await drain(app, channel);
    expect(channel.sent.filter((m) => m.text.includes('Nhắc báo cáo')).length).toBe(UNITS.length + 1);
  });

  it('sends nothing at night: what falls due is held until the next working morning', async () => {
    const dir = tempDir();
    let now = vn('2026-06-09', '22:00');
    const app = start(dir, () => now);
    bindAll(app, now);
    expect(scheduler(app).tick().queued).toBe(9);
    const channel = new FakeChannel('fake');
    await drain(app, channel);
    expect(channel.sent).toHaveLength(0);
    now = vn('2026-06-10', '08:00');
    await drain(app, channel);
    expect(channel.sent.length).toBe(9);
  });

  it('skips reminders that fell due longer ago than the grace window, and records them', () => {
    const dir = tempDir();
    const now = vn('2026-06-09', '09:00');
    const app = start(dir, () => now);
    bindAll(app, now);
    const r = scheduler(app).tick();
    expect(r.skipped).toBe(14);
    const skipped = app.deps.db.$client
      .prepare("SELECT dedupe_key FROM outbox WHERE status = 'skipped'")
      .pluck()
      .all() as string[];
    expect(skipped.some((k) => k.startsWith('remind:kh-168-2025/6T-2026:phong-kt-ht-dt:-7@'))).toBe(true);
  });

  it('stops reminding a unit the moment it reports: what was queued is cancelled', async () => {
    const dir = tempDir();
    let now = vn('2026-06-08', '07:00');
    const app = start(dir, () => now);
    bindAll(app, now);
    now = vn('2026-06-08', '08:00');
    expect(scheduler(app).tick().queued).toBe(9); // the -3 reminders, due now
    now = vn('2026-06-08', '08:00');
    const response = app.bot.handle({
      dedupeKey: 'test:1',
      chatId: 'fake:phong-kt-ht-dt',
      chatKind: 'group',
      chatTitle: 'KT',
      sender: { id: '1', name: 'Anh' },
      text: 'NV3: xong - 2 hội nghị',
      kind: 'message',
      messageRef: '1',
      replyTo: null,
      addressed: true,
      receivedAt: now,
      sentAt: now,
    });
    expect(response.replies[0]?.text).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026');
    const channel = new FakeChannel('fake');
    await drain(app, channel);
    expect(channel.sent.some((m) => m.chatId === 'fake:phong-kt-ht-dt')).toBe(false);
    expect(app.deps.outbox.counts().cancelled).toBe(1);
    expect(channel.sent.some((m) => m.chatId === 'fake:tram-y-te')).toBe(true);
    now = vn('2026-06-09', '08:00');
    scheduler(app).tick();
    await drain(app, channel);
    expect(channel.sent.some((m) => m.chatId === 'fake:phong-kt-ht-dt')).toBe(false);
  });

  it('follows the calendar of the organisation file: its days off and its working hours', () => {
    // The shipped files, with 09/06/2026 announced as a day off and the working day starting at 10:00.
    const plans = tempDir();
    cpSync(PLANS_DIR, plans, { recursive: true });
    const file = join(plans, 'don-vi.yaml');
    const text = readFileSync(file, 'utf8');
    const changed = text
      .replace("work_start: '08:00'", "work_start: '10:00'")
      .replace(
        /extra_days_off: \[([^\]]*)\]/,
        (_, days: string) => `extra_days_off: [${days ? `${days}, ` : ''}09/06/2026]`,
      );
    expect(changed).toMatch(/work_start: '10:00'/);
    expect(changed).toMatch(/extra_days_off: \[.*09\/06\/2026\]/);
    writeFileSync(file, changed);
    const now = vn('2026-06-09', '09:00');
    const dueOf = (plansDir: string) => {
      const app = createApp(
        loadConfig({ DATABASE_PATH: join(tempDir(), 'bot.sqlite'), PLANS_DIR: plansDir }),
        {
          logger: silentLogger,
          clock: () => now,
        },
      );
      apps.push(app);
      bindAll(app, now);
      scheduler(app).tick();
      return app.deps.db.$client
        .prepare("SELECT DISTINCT due_at FROM outbox WHERE kind = 'remind' AND status = 'pending'")
        .pluck()
        .all() as number[];
    };
    // As shipped: the reminder of the day before the deadline goes out now, a working morning.
    expect(dueOf(PLANS_DIR)).toEqual([now.getTime()]);
    // With the calendar changed: held to the next working day, at its 10:00 start.
    expect(dueOf(plans)).toEqual([vn('2026-06-10', '10:00').getTime()]);
  });

  it('finds nothing new in the quiet minutes, but sees a chat bound meanwhile and an ad-hoc request at once', () => {
    const dir = tempDir();
    let now = vn('2026-06-09', '09:00');
    const app = start(dir, () => now);
    for (const u of UNITS.slice(1))
      app.deps.chats.bind(
        `fake:${u}`,
        { kind: 'group', title: u, role: 'unit', unitId: u, via: 'test' },
        now,
      );
    const s = scheduler(app);
    expect(s.tick().queued).toBe(UNITS.length - 1);
    now = vn('2026-06-09', '09:01');
    expect(s.tick()).toEqual({ queued: 0, skipped: 0 });
    // A unit's group is bound meanwhile: its share of what is due now is queued at the next tick.
    app.deps.chats.bind(
      `fake:${UNITS[0]}`,
      { kind: 'group', title: 'VP', role: 'unit', unitId: UNITS[0]!, via: 'test' },
      now,
    );
    now = vn('2026-06-09', '09:02');
    expect(s.tick().queued).toBe(1);
    expect(app.deps.outbox.get(`remind:kh-168-2025/6T-2026:${UNITS[0]}:-1@fake:${UNITS[0]}`)?.status).toBe(
      'pending',
    );
    // A group rebound to another unit gets that unit's reminder; nobody else gets anything again.
    app.deps.chats.bind(
      `fake:${UNITS[0]}`,
      { kind: 'group', title: 'VP', role: 'unit', unitId: UNITS[2]!, via: 'test' },
      now,
    );
    now = new Date(vn('2026-06-09', '09:02').getTime() + 30_000);
    expect(s.tick().queued).toBe(1);
    expect(app.deps.outbox.get(`remind:kh-168-2025/6T-2026:${UNITS[2]}:-1@fake:${UNITS[0]}`)?.status).toBe(
      'pending',
    );
    // An ad-hoc request due tomorrow: its reminder of the day before is due now.
    const plan = app.deps.planSet.plans[0]!;
    app.deps.periods.createAdhoc({
      planId: plan.id,
      deadlineOn: '2026-06-10',
      startsOn: '2026-06-01',
      taskCodes: ['NV7'],
      unitIds: [UNITS[1]!],
      note: null,
      createdBy: 'test',
      now,
    });
    now = vn('2026-06-09', '09:03');
    expect(s.tick().queued).toBe(1);
    now = vn('2026-06-09', '09:04');
    expect(s.tick()).toEqual({ queued: 0, skipped: 0 });
  });
});

describe("the December notice about next year's Tết break", () => {
  it('tells the office once, not the units or the leaders, and not again after a restart', async () => {
    const dir = tempDir();
    let now = vn('2026-11-30', '09:00');
    let app = start(dir, () => now);
    bindAll(app, now);
    const notices = () =>
      app.deps.db.$client
        .prepare("SELECT chat_id FROM outbox WHERE dedupe_key LIKE 'calendar:tet-break:%'")
        .pluck()
        .all();
    scheduler(app).tick();
    expect(notices()).toEqual([]);
    now = vn('2026-12-01', '09:00');
    scheduler(app).tick();
    scheduler(app).tick();
    app.close();
    apps.pop();
    app = start(dir, () => now);
    now = vn('2026-12-15', '10:00');
    scheduler(app).tick();
    expect(notices()).toEqual(['fake:office']);
    const channel = new FakeChannel('fake');
    await drain(app, channel);
    const sent = channel.sent.find((m) => m.text.includes('Chưa có lịch nghỉ Tết Nguyên đán năm 2027'));
    expect(sent?.chatId).toBe('fake:office');
    expect(sent?.text).toContain('nghỉ từ 05/02/2027 đến 11/02/2027, kể cả ngày nghỉ bù');
    expect(sent?.text).toContain('plans/don-vi.yaml');
  });
});

describe("the supervisors' chats", () => {
  it('receive the digest with the leaders and the office, and never a reminder', async () => {
    const dir = tempDir();
    const now = vn('2026-06-09', '09:00');
    const app = start(dir, () => now);
    bindAll(app, now);
    app.deps.chats.bind(
      'fake:mttq',
      { kind: 'group', title: 'MTTQ', role: 'supervisor', unitId: 'mttq', via: 'test' },
      now,
    );
    app.deps.chats.bind(
      'fake:bxdd',
      { kind: 'group', title: 'Ban XDĐ', role: 'supervisor', unitId: 'ban-xd-dang', via: 'test' },
      now,
    );
    expect(scheduler(app).tick().queued).toBe(UNITS.length + 1 + 4);
    const channel = new FakeChannel('fake');
    await drain(app, channel);
    const toSupervisors = channel.sent.filter((m) => m.chatId === 'fake:mttq' || m.chatId === 'fake:bxdd');
    expect(toSupervisors).toHaveLength(2);
    for (const m of toSupervisors) expect(m.text).toContain('Bản tin báo cáo 6 tháng đầu năm 2026');
  });
});
