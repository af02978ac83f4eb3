import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A large synthetic ward as plan files: `units` units in four reporting groups, and `plans` plans of
 * 7–15 tasks each whose lead and coordinating bodies mix groups and single units.
 */
export function writeSyntheticWard(dir: string, units: number, plans: number): void {
  mkdirSync(dir, { recursive: true });
  const groups = ['phong-chuc-nang', 'don-vi-su-nghiep', 'luc-luong-vu-trang', 'don-vi-lien-quan'];
  const org = [
    'kind: organisation',
    'ward: { name: Phường Thử Nghiệm, authority: Ủy ban nhân dân phường Thử Nghiệm, place: Thử Nghiệm }',
    'office: u0000',
    'groups:',
    ...groups.map((g, i) => `  - { id: ${g}, name: Nhóm ${i + 1}, reports: true }`),
    'units:',
    ...Array.from({ length: units }, (_, i) => {
      const id = `u${String(i).padStart(4, '0')}`;
      return `  - { id: ${id}, name: Đơn vị số ${i} phường Thử Nghiệm, short: ĐV ${i}, groups: [${groups[i % groups.length]}] }`;
    }),
  ];
  writeFileSync(join(dir, 'don-vi.yaml'), `${org.join('\n')}\n`);
  for (let p = 0; p < plans; p++) {
    const tasks = 7 + ((p * 2) % 9);
    const lines = [
      'kind: plan',
      `id: kh-${p}`,
      `number: ${100 + p}/KH-UBND`,
      `title: Kế hoạch thử nghiệm số ${p}`,
      'issuer: Ủy ban nhân dân phường Thử Nghiệm',
      `issued: 01/0${1 + (p % 9)}/2025`,
      'signer: { name: Nguyễn Văn A, title: Chủ tịch }',
      'summary: Kế hoạch tổng hợp để đo hiệu năng.',
      'span: { from: 2026, to: 2030 }',
      'reporting: { six_month: { cutoff: 14/06, deadline: 10/06 }, annual: { cutoff: 14/12, deadline: 10/12 } }',
      'tasks:',
    ];
    for (let t = 1; t <= tasks; t++) {
      const lead = groups[(t + p) % groups.length];
      const coordinate = groups[(t + p + 1) % groups.length];
      lines.push(
        `  - code: NV${t}`,
        `    title: Nhiệm vụ ${t} của kế hoạch ${p}`,
        `    text: Nội dung đầy đủ của nhiệm vụ ${t}, kế hoạch ${p}.`,
        '    timing: 2026 - 2030',
        `    lead: [${lead}]`,
        `    coordinate: [${coordinate}]`,
      );
    }
    writeFileSync(join(dir, `kh-${p}.yaml`), `${lines.join('\n')}\n`);
  }
}
