import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleSession } from '../helpers/console';
import { ROOT } from '../helpers/spawnBot';
import { wordReport, writeTo } from '../helpers/documents';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';
import { linkFor, startWebBot } from '../helpers/web';

/**
 * The web page in a real browser: Debian's chromium, driven by playwright-core (no browser is ever
 * downloaded). Run by `npm run test:browser`; under CI=true a missing browser fails the run.
 */
const BROWSER =
  process.env.CHROMIUM_PATH ||
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
const CI = process.env.CI === 'true';
/** The overview's screenshot, kept for a person to look at (git-ignored). */
const ARTIFACTS = join(ROOT, 'out', 'browser');

if (!BROWSER && !CI)
  console.warn('No chromium here (apt-get install -y chromium): the browser test does not run.');

/** Friday 05/06/2026, 09:00 in Hải Phòng: the six-month period is open, its deadline five days away. */
const NOW = new Date('2026-06-05T02:00:00Z');

let bot: ConsoleSession | null = null;
let context: BrowserContext | null = null;
let profile: string | null = null;

afterEach(async () => {
  await context?.close();
  await bot?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
  context = null;
  bot = null;
  profile = null;
});

async function launch(): Promise<BrowserContext> {
  if (!BROWSER)
    throw new Error('No chromium found: install it (apt-get install -y chromium) or set CHROMIUM_PATH.');
  profile = mkdtempSync(join(tmpdir(), 'planbot-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: BROWSER,
    headless: true,
    acceptDownloads: true,
    locale: 'vi-VN',
    viewport: { width: 1280, height: 900 },
    args: [
      // As root, chromium runs only without its sandbox.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      // Nothing but the page: on a closed network chromium's own connections would only be refused.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

describe.skipIf(!BROWSER && !CI)('the web page in a real browser', () => {
  it('signs in from a console-made link, shows the matrix, refreshes on a report, answers a difficulty that reaches the unit, downloads the spreadsheet', async () => {
    bot = await startWebBot(NOW, {}, { pollMs: 300 });
    await bot.say(':as phong kinh te');
    // The unit's report as a Word file, and a difficulty in its chat.
    const report = await wordReport([
      'BÁO CÁO 6 tháng đầu năm 2026',
      'NV3: hoàn thành - tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự',
      'NV7: đang thực hiện - đăng ký mô hình "Dân vận khéo"',
    ]);
    await bot.say(`:file "${writeTo(tempDir(), 'Báo cáo 6 tháng.docx', report)}"`);
    await bot.say('Vướng mắc: thiếu kinh phí in tài liệu');
    const link = await linkFor(bot, 'vhxh');
    const origin = new URL(link).origin;

    context = await launch();
    const page = context.pages()[0] ?? (await context.newPage());
    // Opening the link shows one button and uses nothing up; the button signs in.
    await page.goto(link);
    expect(await page.getByRole('button', { name: 'Đăng nhập' }).count()).toBe(1);
    expect(bot.deps.web.peekLink(link.split('/').at(-1) ?? '', bot.now).type).toBe('ok');
    await Promise.all([
      page.waitForURL(`${origin}/web`),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);

    // The matrix of the current period: seven reporting units × the plan's seven tasks.
    expect(await page.locator('h1').textContent()).toBe('Tình hình báo cáo 6 tháng đầu năm 2026');
    expect(await page.locator('table.matrix td.o').count()).toBe(49);
    expect(await page.locator('table.matrix tbody th a').allTextContents()).toEqual([
      'VP HĐND&UBND',
      'Phòng KT-HT-ĐT',
      'Phòng VHXH',
      'Trung tâm PVHCC',
      'Trạm Y tế',
      'Công an phường',
      'Ban CHQS phường',
    ]);
    const row = (unit: string) =>
      page.locator('table.matrix tbody tr', { has: page.getByRole('link', { name: unit, exact: true }) });
    const cell = (unit: string, column: number) => row(unit).locator('td').nth(column);
    expect(await cell('Phòng KT-HT-ĐT', 2).getAttribute('class')).toBe('o c-done');
    expect(await cell('Phòng KT-HT-ĐT', 6).getAttribute('class')).toBe('o c-in_progress');
    expect(await row('Phòng KT-HT-ĐT').locator('.cat-doc').count()).toBe(1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, 'overview-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A report arrives in a unit's chat: the page refreshes by itself and shows it.
    await bot.say(':as cong an');
    await bot.say('Báo cáo 6 tháng đầu năm 2026\nNV4: đang thực hiện - tiếp nhận 120 hồ sơ trực tuyến');
    await expect
      .poll(() => cell('Công an phường', 3).getAttribute('class'), { timeout: 10_000 })
      .toBe('o c-in_progress');

    // The office answers the difficulty on the page; the answer arrives in the unit's chat.
    await page.locator('nav').getByRole('link', { name: 'Vướng mắc' }).click();
    await page.locator('#vm-1 textarea').fill('Đã bố trí kinh phí in tài liệu trong quý III.');
    await Promise.all([
      page.waitForURL(/\/web\/vuongmac/),
      page.locator('#vm-1').getByRole('button', { name: 'Gửi trả lời' }).click(),
    ]);
    expect(await page.locator('.flash').textContent()).toContain(
      'Đã gửi trả lời vướng mắc số 1 tới Phòng KT-HT-ĐT',
    );
    await waitFor(() =>
      /bot → Phòng KT-HT-ĐT[^]*Đã bố trí kinh phí in tài liệu trong quý III\./.test(bot?.transcript ?? ''),
    );
    expect(bot.deps.difficulties.get(1)?.status).toBe('answered');
    await page.getByRole('link', { name: 'Đã trả lời (1)' }).click();
    await page.screenshot({ path: join(ARTIFACTS, 'difficulties.png'), fullPage: true });
    await page.locator('#vm-1').getByRole('link', { name: 'Phòng KT-HT-ĐT' }).click();
    await page.screenshot({ path: join(ARTIFACTS, 'unit.png'), fullPage: true });
    // The unit's Word file, downloaded as it was sent.
    const [document] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Báo cáo 6 tháng.docx' }).click(),
    ]);
    expect(document.suggestedFilename()).toBe('Báo cáo 6 tháng.docx');
    expect(readFileSync(await document.path()).equals(report)).toBe(true);

    // The spreadsheet, made by /xuat's code and downloaded as an attachment.
    await page.locator('nav').getByRole('link', { name: 'Xuất tệp' }).click();
    await page.getByRole('button', { name: 'Tạo tệp mới cho kỳ này' }).click();
    const sheetLink = page.locator('a[href$=".xlsx"]');
    await sheetLink.waitFor();
    expect(await sheetLink.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), sheetLink.click()]);
    await page.screenshot({ path: join(ARTIFACTS, 'exports.png'), fullPage: true });
    expect(download.suggestedFilename()).toBe('KH168-6T2026-tong-hop-2026-06-05.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    // The matrix sheet: the unit's row, on time, with the statuses it reported.
    const matrix = workbook.worksheets[0]!;
    const kt = matrix.getRows(2, 10)!.find((r) => r.getCell(2).value === 'Phòng Kinh tế, Hạ tầng và Đô thị')!;
    expect([kt.getCell(3).value, kt.getCell(5 + 3).value, kt.getCell(5 + 7).value]).toEqual([
      'Đúng hạn',
      'Hoàn thành',
      'Đang thực hiện',
    ]);
  });
});
