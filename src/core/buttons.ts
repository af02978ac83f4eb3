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

/** Telegram's limit for a button's data, in bytes. */
export const BUTTON_DATA_MAX_BYTES = 64;

/**
 * `s|<period>|<unit>|<task>|<d|p|n|k>` when it fits Telegram's 64 bytes; otherwise `t|<task>|<d|p|n|k>`, whose
 * period and unit are those of the message the button is under (the bot keeps what each reminder is
 * about), so the data stays within the limit whatever the lengths of the plan's and units' ids.
 */
export function encodeStatusButton(b: StatusButton): string {
  const full = ['s', b.periodId, b.unitId, b.taskCode, CODES[b.status]].join('|');
  if (utf8Length(full) <= BUTTON_DATA_MAX_BYTES) return full;
  return ['t', b.taskCode, CODES[b.status]].join('|');
}

/** A tapped status button; `periodId` and `unitId` are null when they are the message's own. */
export type TappedStatus = Omit<StatusButton, 'periodId' | 'unitId'> & {
  periodId: string | null;
  unitId: string | null;
};

export function decodeStatusButton(data: string): TappedStatus | null {
  const parts = data.split('|');
  if (parts.length === 3 && parts[0] === 't') {
    const [, taskCode, code] = parts as [string, string, string];
    const status = STATUSES[code];
    return status && TASK_CODE.test(taskCode) ? { periodId: null, unitId: null, taskCode, status } : null;
  }
  if (parts.length !== 5 || parts[0] !== 's') return null;
  const [, periodId, unitId, taskCode, code] = parts as [string, string, string, string, string];
  const status = STATUSES[code];
  if (!status || !periodId || !unitId || !TASK_CODE.test(taskCode)) return null;
  return { periodId, unitId, taskCode, status };
}

const TASK_CODE = /^NV[1-9]\d?$/;

function utf8Length(text: string): number {
  // No Buffer in the core: count UTF-8 bytes by code point.
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
