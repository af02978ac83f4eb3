import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { DEFAULT_INSPECT_LIMITS, inspectDocument } from '../../src/documents/inspect';
import {
  pdfWithText,
  photoPng,
  wordReport,
  wordTableReport,
  workbook,
  zipBomb,
} from '../../tests/helpers/documents';
import type { BenchPart, Figure } from './part';
import { median as medianOf, round } from './part';

/**
 * Reading the documents units send, in a worker thread: the time per file against the worker's own cost
 * (a photo is only typed), and how long the main thread's event loop stalls meanwhile, against the same
 * loop idle. A hostile file (a zip bomb, inflated until the limit) must not stall it either.
 */
export const documents: BenchPart = {
  name: 'documents',
  async run(ctx) {
    const figures: Figure[] = [];
    const lines = [
      'BÁO CÁO',
      'Kết quả thực hiện Kế hoạch số 168/KH-UBND 6 tháng đầu năm 2026',
      ...Array.from({ length: 40 }, (_, i) => `NV${(i % 7) + 1}: đang thực hiện - nội dung dòng ${i + 1}`),
    ];
    const pdf = pdfWithText(lines, 50);
    const docx = await wordReport(lines);
    // The annex form: a header and a row per task of the plan.
    const table = await wordTableReport({
      before: lines.slice(0, 2),
      rows: [
        ['STT', 'Nội dung nhiệm vụ', 'Kết quả thực hiện', 'Tiến độ', 'Ghi chú'],
        ...Array.from({ length: 7 }, (_, i) => [
          String(i + 1),
          `Nhiệm vụ ${i + 1}: nội dung nhiệm vụ theo phụ lục`,
          `Tổ chức ${i + 2} hội nghị;\n${(i + 1) * 30} lượt CBCC tham dự`,
          i % 2 ? 'Đang thực hiện' : 'Hoàn thành',
          '',
        ]),
      ],
    });
    // A workbook of 500 rows: a list, read whole within the caps.
    const sheet = await workbook([
      {
        name: 'Báo cáo',
        rows: [
          ['STT', 'Nhiệm vụ', 'Kết quả', 'Tỷ lệ', 'Tiến độ'],
          ...Array.from({ length: 500 }, (_, i) => [
            i + 1,
            `NV${(i % 7) + 1}`,
            `Nội dung dòng ${i + 1}`,
            { formula: `${i}/500`, result: i / 500 },
            'Đang thực hiện',
          ]),
        ],
      },
    ]);
    const photo = photoPng(640, 480);
    const bomb = zipBomb(200 * 1024 * 1024, 1000);
    const runs = ctx.quick ? 3 : 7;
    const median = async (bytes: Uint8Array) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = await inspectDocument(bytes);
        times.push(performance.now() - t0);
        if (r.type === 'unreadable') throw new Error('bench file unreadable');
      }
      return medianOf(times);
    };
    const base = await median(photo);
    for (const [name, bytes] of [
      ['50-page PDF with a text layer', pdf],
      ['Word report', docx],
      ['Word report as a 7-row table', table],
      ['500-row workbook', sheet],
    ] as const) {
      const ms = await median(bytes);
      figures.push({
        name: `document read off the main thread: ${name} (median of ${runs})`,
        value: round(ms),
        unit: 'ms',
        baseline: round(base),
        baselineLabel: 'a photo: worker start and typing only',
        ratio: round(ms / base),
        target: `< ${DEFAULT_INSPECT_LIMITS.timeoutMs / 4} ms (a quarter of the time limit)`,
        met: ms < DEFAULT_INSPECT_LIMITS.timeoutMs / 4,
      });
    }
    const stall = async (work: () => Promise<unknown>) => {
      const h = monitorEventLoopDelay({ resolution: 5 });
      h.enable();
      const t0 = performance.now();
      await work();
      const ms = performance.now() - t0;
      h.disable();
      return { max: h.max / 1e6, ms };
    };
    const reading = await stall(() =>
      Promise.all([inspectDocument(pdf), inspectDocument(bomb), inspectDocument(docx)]),
    );
    // The same number of threads kept as busy for as long, doing nothing of ours: what the processor's
    // contention alone costs the event loop on this machine.
    const spin = (ms: number) =>
      new Promise((resolve) => {
        const w = new Worker(
          'const end = Date.now() + require("worker_threads").workerData; while (Date.now() < end);',
          { eval: true, workerData: ms },
        );
        w.on('exit', resolve);
      });
    const contention = await stall(() => Promise.all([spin(reading.ms), spin(reading.ms), spin(reading.ms)]));
    figures.push({
      name: 'main-thread stall while a PDF, a Word file and a 200 MB zip bomb are read',
      value: round(reading.max),
      unit: 'ms',
      baseline: round(contention.max),
      baselineLabel: '3 threads spinning as long',
      ratio: round(reading.max / contention.max),
      target: '≤ 2 × baseline',
      met: reading.max <= 2 * contention.max,
      note: `longest event-loop delay over ${Math.round(reading.ms)} ms`,
    });
    return figures;
  },
};
