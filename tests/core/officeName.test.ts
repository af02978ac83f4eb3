import { describe, expect, it } from 'vitest';
import { defaultCalendarConfig } from '../../src/core/calendar';
import { compilePeriod } from '../../src/core/compile';
import { escalatedNoticeForUnit } from '../../src/core/messages/difficulties';
import { exportStartedMessage, scorecardNote } from '../../src/core/messages/exports';
import { regularPeriods } from '../../src/core/periods/periods';
import { Responsibility } from '../../src/core/plan/responsibility';
import { shippedPlanSet } from '../helpers/plans';

/**
 * Another ward's office may have another name ("Phòng Văn hóa và Thông tin"): what the bot says about the
 * office takes its names from the organisation file, never from Lê Chân's.
 */
const OTHER = { name: 'Phòng Văn hóa và Thông tin', short: 'Phòng VH-TT' };

describe("the office's name", () => {
  const planSet = shippedPlanSet();
  const plan = planSet.plans[0]!;

  it('comes from the organisation file in the export, the scorecard and an escalation notice', () => {
    const period = regularPeriods(plan, defaultCalendarConfig).find((p) => p.id.endsWith('N-2026'))!;
    const model = compilePeriod({
      ward: planSet.organisation.ward,
      office: OTHER,
      plan,
      period,
      responsibility: new Responsibility(planSet.organisation, planSet.plans),
      revisions: [],
      difficulties: [],
      now: new Date('2026-11-30T02:00:00Z'),
    });
    const said = [
      exportStartedMessage(model),
      ...scorecardNote(plan, OTHER),
      escalatedNoticeForUnit(
        { id: 4, text: 'thiếu kinh phí' },
        'Sở Nội vụ',
        model.generatedAt,
        'Asia/Ho_Chi_Minh',
        OTHER,
      ),
    ];
    expect(said.filter((t) => t.includes('Phòng Văn hóa và Thông tin'))).toHaveLength(3);
    expect(said.join('\n')).not.toContain('Xã hội');
  });
});
