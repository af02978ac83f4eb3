import { PNG } from 'pngjs';

/**
 * Draws a QR code image (Zalo's login PNG) in the terminal, two modules rows per text line. Light modules
 * are printed as blocks, so the code reads correctly on the usual dark terminal background.
 */
export function qrForTerminal(png: Buffer): string {
  const modules = readModules(png);
  if (!modules) return '';
  const quiet = 2;
  const size = modules.length + 2 * quiet;
  const dark = (x: number, y: number): boolean => {
    const mx = x - quiet;
    const my = y - quiet;
    return modules[my]?.[mx] ?? false;
  };
  const lines: string[] = [];
  for (let y = 0; y < size; y += 2) {
    let line = '';
    for (let x = 0; x < size; x++) {
      const top = !dark(x, y);
      const bottom = y + 1 < size ? !dark(x, y + 1) : false;
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/**
 * The QR code's modules, read back from its picture: the dark area's bounding box, the module size from
 * the top-left finder pattern (7 modules wide), then one sample at each module's centre.
 */
export function readModules(png: Buffer): boolean[][] | null {
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch {
    return null;
  }
  const { width, height, data } = image;
  const isDark = (x: number, y: number): boolean => {
    const i = (y * width + x) * 4;
    const alpha = (data[i + 3] ?? 0) / 255;
    const luma = 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
    return alpha > 0.5 && luma < 128;
  };
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (isDark(x, y)) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
  if (maxX < 0) return null;
  let run = 0;
  while (minX + run <= maxX && isDark(minX + run, minY)) run++;
  const module = run / 7;
  if (module < 1) return null;
  const count = Math.round((maxX - minX + 1) / module);
  const rows = Math.round((maxY - minY + 1) / module);
  const modules: boolean[][] = [];
  for (let my = 0; my < rows; my++) {
    const row: boolean[] = [];
    for (let mx = 0; mx < count; mx++) {
      const x = Math.min(width - 1, Math.floor(minX + (mx + 0.5) * module));
      const y = Math.min(height - 1, Math.floor(minY + (my + 0.5) * module));
      row.push(isDark(x, y));
    }
    modules.push(row);
  }
  return modules;
}
