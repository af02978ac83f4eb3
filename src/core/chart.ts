import { periodLabel } from './messages/labels';
import type { PeriodOverview } from './status';

/** A stacked bar chart as data: kept in the outbox with the digest, drawn when it is sent. */
export interface ChartData {
  title: string;
  subtitle?: string;
  series: { name: string; color: string }[];
  rows: { label: string; parts: number[] }[];
}

/**
 * The digest's picture: how many units reported on time, late, or not yet, and per task how many units
 * reported it done, in progress, not started, not at all, or that nothing arose ("Không phát sinh").
 */
export function digestChart(overview: PeriodOverview): ChartData {
  const c = overview.counts;
  return {
    title: `Tình hình báo cáo ${periodLabel(overview.period)}`,
    subtitle: `${overview.units.length} đơn vị phải báo cáo`,
    series: [
      { name: 'Đúng hạn / hoàn thành', color: '#4caf50' },
      { name: 'Muộn / đang thực hiện', color: '#ffc107' },
      { name: 'Chưa gửi / chưa thực hiện', color: '#e57373' },
      { name: 'Chưa báo cáo', color: '#b0bec5' },
      { name: 'Không phát sinh', color: '#b39ddb' },
    ],
    rows: [
      { label: 'Đơn vị', parts: [c.on_time, c.late, c.overdue, c.not_due, 0] },
      ...overview.tasks.map((t) => ({
        label: `${t.task.code} ${t.task.title}`,
        parts: [
          t.tally.done,
          t.tally.in_progress,
          t.tally.not_started,
          t.tally.missing + t.tally.unknown,
          t.tally.not_applicable,
        ],
      })),
    ],
  };
}
