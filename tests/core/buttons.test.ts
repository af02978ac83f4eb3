import { describe, expect, it } from 'vitest';
import { BUTTON_DATA_MAX_BYTES, decodeStatusButton, encodeStatusButton } from '../../src/core/buttons';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('status buttons', () => {
  it('carry period, unit and task when they fit in 64 bytes, and read back the same', () => {
    const b = {
      periodId: 'kh-168-2025/6T-2026',
      unitId: 'phong-kt-ht-dt',
      taskCode: 'NV3',
      status: 'done' as const,
    };
    const data = encodeStatusButton(b);
    expect(data).toBe('s|kh-168-2025/6T-2026|phong-kt-ht-dt|NV3|d');
    expect(decodeStatusButton(data)).toEqual(b);
  });

  it('stay within 64 bytes whatever the lengths of the plan and unit ids, leaving those to the message', () => {
    for (const [periodId, unitId] of [
      ['ke-hoach-so-168-kh-ubnd-ve-thuc-hien-chuong-trinh-chuyen-doi-so/6T-2026', 'phong-kt-ht-dt'],
      ['kh-168-2025/6T-2026', 'trung-tam-phuc-vu-hanh-chinh-cong-va-van-hoa-the-thao-phuong-le-chan'],
      ['kế-hoạch-số-168/đột-xuất-12-2026', 'văn-phòng-hđnd-ubnd'],
    ] as const) {
      for (const status of ['done', 'in_progress', 'not_started'] as const) {
        const data = encodeStatusButton({ periodId, unitId, taskCode: 'NV12', status });
        expect(bytes(data)).toBeLessThanOrEqual(BUTTON_DATA_MAX_BYTES);
        expect(decodeStatusButton(data)).toEqual({ periodId: null, unitId: null, taskCode: 'NV12', status });
      }
    }
  });

  it('refuse what is not a status button', () => {
    for (const data of ['rác', 's|a|b|NV3', 's|a|b|XX|d', 't|NV3|x', 't|NV3', 's||b|NV3|d'])
      expect(decodeStatusButton(data)).toBeNull();
  });
});
