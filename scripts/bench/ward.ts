import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app';
import type { App } from '../../src/app';
import type { Incoming } from '../../src/channels/channel';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import type { BenchContext } from './part';

/**
 * A large synthetic ward as plan files: `units` units in four reporting groups, and `plans` plans of
 * 7–15 tasks each whose lead and coordinating bodies mix groups and single units.
 */
export function writeSyntheticWard(dir: string, units: number, plans: number): void {
  mkdirSync(dir, { recursive: true });
  const groups = ['phong-chuc-nang', 'don-vi-su-nghiep', 'luc-luong-vu-trang', 'don-vi-lien-quan'];
  const org = [
    'kind: organisation',
    'ward: { name: Phường Thử Nghiệm, authority: Ủy ban nhân dân phường Thử Nghiệm, place: Thử Nghiệm }',
    'office: u0000',
    'groups:',
    ...groups.map((g, i) => `  - { id: ${g}, name: Nhóm ${i + 1}, reports: true }`),
    'units:',
    ...Array.from({ length: units }, (_, i) => {
      const id = `u${String(i).padStart(4, '0')}`;
      return `  - { id: ${id}, name: Đơn vị số ${i} phường Thử Nghiệm, short: ĐV ${i}, groups: [${groups[i % groups.length]}] }`;
    }),
  ];
  writeFileSync(join(dir, 'don-vi.yaml'), `${org.join('\n')}\n`);
  for (let p = 0; p < plans; p++) {
    const tasks = 7 + ((p * 2) % 9);
    const lines = [
      'kind: plan',
      `id: kh-${p}`,
      `number: ${100 + p}/KH-UBND`,
      `title: Kế hoạch thử nghiệm số ${p}`,
      'issuer: Ủy ban nhân dân phường Thử Nghiệm',
      `issued: 01/0${1 + (p % 9)}/2025`,
      'signer: { name: Nguyễn Văn A, title: Chủ tịch }',
      'summary: Kế hoạch tổng hợp để đo hiệu năng.',
      'span: { from: 2026, to: 2030 }',
      'reporting: { six_month: { cutoff: 14/06, deadline: 10/06 }, annual: { cutoff: 14/12, deadline: 10/12 } }',
      'tasks:',
    ];
    for (let t = 1; t <= tasks; t++) {
      const lead = groups[(t + p) % groups.length];
      const coordinate = groups[(t + p + 1) % groups.length];
      lines.push(
        `  - code: NV${t}`,
        `    title: Nhiệm vụ ${t} của kế hoạch ${p}`,
        `    text: Nội dung đầy đủ của nhiệm vụ ${t}, kế hoạch ${p}.`,
        '    timing: 2026 - 2030',
        `    lead: [${lead}]`,
        `    coordinate: [${coordinate}]`,
      );
    }
    writeFileSync(join(dir, `kh-${p}.yaml`), `${lines.join('\n')}\n`);
  }
}

/** The instant the bench runs at: the six-month periods of 2026 are open. */
export const NOW = instantAt('2026-06-05', '09:00', 'Asia/Ho_Chi_Minh');
/** The synthetic ward of the bench: 200 units, 5 plans. */
export const WARD_UNITS = 200;
export const WARD_PLANS = 5;

/** The folder of a synthetic ward of `units` units (written once per run and size). */
export function wardDir(ctx: BenchContext, units: number, plans = WARD_PLANS): string {
  const dir = join(ctx.dir, `ward-${units}-${plans}`);
  if (!existsSync(join(dir, 'don-vi.yaml'))) writeSyntheticWard(dir, units, plans);
  return dir;
}

/** The bot's app on a fresh database over a synthetic ward, its clock at `NOW`. */
export function wardApp(
  ctx: BenchContext,
  name: string,
  options: { units?: number; synchronous?: 'NORMAL' | 'FULL' } = {},
): App {
  return createApp(
    loadConfig({
      DATABASE_PATH: join(ctx.dir, `${name}.sqlite`),
      PLANS_DIR: wardDir(ctx, options.units ?? WARD_UNITS),
      SQLITE_SYNCHRONOUS: options.synchronous ?? 'NORMAL',
      EXPORT_DIR: join(ctx.dir, 'exports'),
    }),
    { logger: silentLogger, clock: () => NOW },
  );
}

/**
 * A history like a few years of use: every unit's group bound (the first unit is the office), five
 * revisions of every report of every closed period, and a thousand difficulties.
 */
export function seedHistory(app: App, log: (msg: string) => void): void {
  const { deps } = app;
  const units = deps.planSet.organisation.units;
  for (const u of units)
    deps.chats.bind(
      `bench:${u.id}`,
      {
        kind: 'group',
        title: u.short,
        role: u.id === 'u0000' ? 'office' : 'unit',
        unitId: u.id,
        via: 'bench',
      },
      NOW,
    );
  deps.chats.bind(
    'bench:leaders',
    { kind: 'group', title: 'Lãnh đạo', role: 'leader', unitId: null, via: 'bench' },
    NOW,
  );
  const t0 = performance.now();
  deps.db.$client.transaction(() => {
    for (const plan of deps.planSet.plans) {
      for (const period of deps.periods.ofPlan(plan.id)) {
        // The open period is left to the inbound run, so the scheduler has reminders to build.
        if (period.id.endsWith('6T-2026')) continue;
        for (const u of units) {
          const tasks = deps.responsibility.reportableTasks(plan, u.id);
          for (let rev = 0; rev < 5; rev++) {
            deps.reports.submit({
              periodId: period.id,
              unitId: u.id,
              chatId: `bench:${u.id}`,
              chatTitle: u.short,
              senderName: 'Người báo cáo',
              inboundId: null,
              at: NOW,
              late: false,
              items: tasks.map((t) => ({
                taskCode: t.code,
                status: 'in_progress',
                result: `lần ${rev}: 2 hội nghị`,
                figures: ['2 hội nghị'],
              })),
              proposals: [],
            });
          }
        }
      }
    }
    for (let i = 0; i < 1000; i++) {
      const u = units[i % units.length]!;
      deps.difficulties.raise({
        unitId: u.id,
        chatId: `bench:${u.id}`,
        periodId: null,
        reportId: null,
        inboundId: null,
        text: `Vướng mắc thử ${i}`,
        at: NOW,
      });
    }
  })();
  const reports = deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get() as number;
  log(`seeded ${reports} reports and 1000 difficulties in ${Math.round(performance.now() - t0)} ms`);
}

/**
 * A message from a bound group of the ward, sent and received at `NOW`, with the group's title as the
 * bot knows it (a title that changed would be written again with every message).
 */
export function incoming(chatId: string, text: string, key: string, title: string): Incoming {
  return {
    dedupeKey: key,
    chatId,
    chatKind: 'group',
    chatTitle: title,
    sender: { id: '1', name: 'Người báo cáo' },
    text,
    kind: 'message',
    messageRef: key,
    replyTo: null,
    addressed: true,
    receivedAt: NOW,
    sentAt: NOW,
  };
}
