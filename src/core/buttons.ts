import type { TaskStatus } from './report/types';

/** A button under a message, where the channel has them. */
export interface Button {
  label: string;
  /** Opaque data given back as the text of an `action` when the button is tapped (≤ 64 bytes). */
  data: string;
}

/** The status button of a reminder: which period, unit and task it is for, and the status it sets. */
export interface StatusButton {
  periodId: string;
  unitId: string;
  taskCode: string;
  status: TaskStatus;
}

const CODES: Record<TaskStatus, string> = {
  done: 'd',
  in_progress: 'p',
  not_started: 'n',
  not_applicable: 'k',
};
const STATUSES: Record<string, TaskStatus> = {
  d: 'done',
  p: 'in_progress',
  n: 'not_started',
  k: 'not_applicable',
};

/** `s|<period>|<unit>|<task>|<d|p|n|k>`: fits Telegram's 64 bytes for the ids this bot makes. */
export function encodeStatusButton(b: StatusButton): string {
  return ['s', b.periodId, b.unitId, b.taskCode, CODES[b.status]].join('|');
}

export function decodeStatusButton(data: string): StatusButton | null {
  const parts = data.split('|');
  if (parts.length !== 5 || parts[0] !== 's') return null;
  const [, periodId, unitId, taskCode, code] = parts as [string, string, string, string, string];
  const status = STATUSES[code];
  if (!status || !periodId || !unitId || !/^NV[1-9]\d?$/.test(taskCode)) return null;
  return { periodId, unitId, taskCode, status };
}
