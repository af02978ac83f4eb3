import { describe, expect, it } from 'vitest';
import { UnitMatcher, withinOneEdit } from '../../src/core/plan/match';
import { shippedPlanSet } from '../helpers/plans';

const org = shippedPlanSet().organisation;
const matcher = new UnitMatcher(org.units, org.ward.name);

describe('loose unit names', () => {
  it.each([
    ['Phòng Kinh tế, Hạ tầng và Đô thị', 'phong-kt-ht-dt'],
    ['phong kinh te', 'phong-kt-ht-dt'],
    ['Phòng KT-HT-ĐT', 'phong-kt-ht-dt'],
    ['kt ht dt', 'phong-kt-ht-dt'],
    ['PHONG KINH TE HA TANG DO THI', 'phong-kt-ht-dt'],
    ['phòng kinh tế của phường', 'phong-kt-ht-dt'],
    ['phong kinh tee', 'phong-kt-ht-dt'],
    ['phong kinh tes', 'phong-kt-ht-dt'],
    ['phòng kihn tế', 'phong-kt-ht-dt'],
    ['vhxh', 'phong-vhxh'],
    ['Phòng VHXH', 'phong-vhxh'],
    ['phòng văn hoá xã hội', 'phong-vhxh'],
    ['phòng văn hóa - xã hội', 'phong-vhxh'],
    ['phong van hoa xa hoi', 'phong-vhxh'],
    ['van hoa', 'phong-vhxh'],
    ['van phong hdnd', 'vp-hdnd-ubnd'],
    ['VP HĐND&UBND', 'vp-hdnd-ubnd'],
    ['VP HĐND-UBND', 'vp-hdnd-ubnd'],
    ['văn phòng ủy ban', 'vp-hdnd-ubnd'],
    ['văn phòng uỷ ban', 'vp-hdnd-ubnd'],
    ['cong an', 'cong-an'],
    ['Công an phường Lê Chân', 'cong-an'],
    ['quan su', 'ban-chqs'],
    ['ban chi huy quan su', 'ban-chqs'],
    ['BCHQS', 'ban-chqs'],
    ['trung tam hanh chinh cong', 'tt-phvhcc'],
    ['tram y te', 'tram-y-te'],
    ['ban xay dung dang', 'ban-xd-dang'],
    ['mat tran to quoc', 'mttq'],
  ])('"%s" is %s', (query, id) => {
    const m = matcher.match(query);
    expect(m.type).toBe('found');
    expect(m.type === 'found' && m.unit.id).toBe(id);
  });

  it.each([['phong'], ['ban'], ['các phòng']])('"%s" is ambiguous and offers a short list', (query) => {
    const m = matcher.match(query);
    expect(m.type).toBe('ambiguous');
    if (m.type === 'ambiguous') {
      expect(m.candidates.length).toBeGreaterThan(1);
      expect(m.candidates.length).toBeLessThanOrEqual(6);
    }
  });

  it('offers every unit a short word fits, rather than guess', () => {
    const m = matcher.match('phong van');
    expect(m.type === 'ambiguous' && m.candidates.map((u) => u.id).sort()).toEqual([
      'ban-xd-dang', // "Ban Tuyên giáo và Dân vận"
      'phong-vhxh',
      'vp-hdnd-ubnd',
    ]);
  });

  it.each([['xyz'], ['bệnh viện tỉnh'], [''], ['   '], ['!!!']])('"%s" is unknown', (query) => {
    expect(matcher.match(query).type).toBe('unknown');
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['kinh', 'kinh', true],
    ['kinh', 'knih', true],
    ['kinh', 'kinhh', true],
    ['kinh', 'kin', true],
    ['kinh', 'kich', true],
    ['kinh', 'kcch', false],
    ['kinh', 'kinhte', false],
  ])('%s ~ %s is %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
  });
});
