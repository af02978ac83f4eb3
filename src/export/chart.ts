import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OutgoingFile } from '../channels/channel';
import type { ChartData } from '../core/chart';
import { writeAtomically } from './files';

/**
 * Draws a small stacked bar chart (the digest's picture) as SVG and renders it to PNG with resvg, without a
 * browser. The fonts are DejaVu Sans from the dependencies: a clean server has no system fonts, and the
 * labels are Vietnamese.
 */
const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = [join(FONT_DIR, 'DejaVuSans.ttf'), join(FONT_DIR, 'DejaVuSans-Bold.ttf')];

const WIDTH = 900;
const LABEL_WIDTH = 250;
const ROW = 34;
const BAR = 22;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function chartSvg(chart: ChartData): string {
  const top = 70;
  const legendY = top + chart.rows.length * ROW + 20;
  const height = legendY + 40;
  const barWidth = WIDTH - LABEL_WIDTH - 70;
  const max = Math.max(1, ...chart.rows.map((r) => r.parts.reduce((a, b) => a + b, 0)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="20" y="32" font-size="20" font-weight="bold" fill="#1f2d3d">${escapeXml(clip(chart.title, 70))}</text>`,
  ];
  if (chart.subtitle)
    parts.push(
      `<text x="20" y="56" font-size="14" fill="#555">${escapeXml(clip(chart.subtitle, 100))}</text>`,
    );
  chart.rows.forEach((row, i) => {
    const y = top + i * ROW;
    parts.push(
      `<text x="${LABEL_WIDTH - 10}" y="${y + BAR - 6}" font-size="14" text-anchor="end" fill="#222">${escapeXml(clip(row.label, 26))}</text>`,
    );
    let x = LABEL_WIDTH;
    row.parts.forEach((value, k) => {
      if (value <= 0) return;
      const w = (value / max) * barWidth;
      const color = chart.series[k]?.color ?? '#999999';
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${color}"/>`,
      );
      if (w > 24)
        parts.push(
          `<text x="${(x + w / 2).toFixed(1)}" y="${y + BAR - 6}" font-size="13" text-anchor="middle" fill="#000">${value}</text>`,
        );
      x += w;
    });
    const total = row.parts.reduce((a, b) => a + b, 0);
    parts.push(
      `<text x="${(x + 6).toFixed(1)}" y="${y + BAR - 6}" font-size="13" fill="#444">${total}</text>`,
    );
  });
  let lx = 20;
  for (const s of chart.series) {
    parts.push(`<rect x="${lx}" y="${legendY}" width="16" height="16" fill="${s.color}"/>`);
    parts.push(
      `<text x="${lx + 22}" y="${legendY + 13}" font-size="14" fill="#222">${escapeXml(s.name)}</text>`,
    );
    lx += 40 + s.name.length * 8;
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The chart as a PNG image. */
export async function chartPng(chart: ChartData): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(chartSvg(chart), {
    font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return Buffer.from(resvg.render().asPng());
}

/**
 * Draws the chart into `<dir>/charts/`, named after the message it goes with. Charts are made for one
 * message each: those older than `keepDays` are removed then, so the folder does not grow forever.
 */
export async function writeChart(
  chart: ChartData,
  dir: string,
  key: string,
  keepDays = 14,
): Promise<OutgoingFile> {
  const folder = join(dir, 'charts');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `bieu-do-${key.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 100)}.png`);
  writeAtomically(path, await chartPng(chart));
  pruneCharts(folder, keepDays, Date.now());
  return { path, name: 'bieu-do-tinh-hinh-bao-cao.png', caption: chart.title };
}

/** Removes the chart images of the folder last written more than `keepDays` before `nowMs`. */
export function pruneCharts(folder: string, keepDays: number, nowMs: number): number {
  const before = nowMs - keepDays * 86_400_000;
  let removed = 0;
  for (const name of readdirSync(folder)) {
    if (!/^bieu-do-.*\.png$/.test(name)) continue;
    const path = join(folder, name);
    try {
      if (statSync(path).mtimeMs < before) {
        rmSync(path, { force: true });
        removed++;
      }
    } catch {
      // Gone meanwhile (another prune): nothing to do.
    }
  }
  return removed;
}
