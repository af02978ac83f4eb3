import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { instantAt } from '../../src/core/time';
import { botTextsChecked, checkBotText, takeOffences } from '../helpers/botText';
import { ConsoleSession } from '../helpers/console';

const SRC = join(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The string literals of a source file (quotes, template strings), comments left out. */
function literals(path: string): string[] {
  const code = readFileSync(path, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
  return [...code.matchAll(/'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`|"((?:[^"\\\n]|\\.)*)"/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
}

describe('the register of what the bot says', () => {
  it('catches "bạn" in any case, and not "Ban" (a board)', () => {
    checkBotText('Có phải ý bạn là đơn vị này?', 'test');
    checkBotText('Bạn gõ lại nhé', 'test');
    checkBotText('Ban Xây dựng Đảng; ban chỉ huy; bạn bè', 'test');
    expect(takeOffences().map((o) => o.text)).toEqual([
      'Có phải ý bạn là đơn vị này?',
      'Bạn gõ lại nhé',
      'Ban Xây dựng Đảng; ban chỉ huy; bạn bè',
    ]);
    checkBotText('Ban Xây dựng Đảng Đảng ủy; ban chỉ huy quân sự; anh/chị', 'test');
    expect(takeOffences()).toEqual([]);
  });

  it('checks what the bot sends through the console as it goes out', async () => {
    const before = botTextsChecked();
    const s = await ConsoleSession.start(instantAt('2026-06-01', '09:00', 'Asia/Ho_Chi_Minh'));
    await s.say('/help');
    await s.say('/nhiemvu phong');
    await s.say(':as phong kinh te');
    await s.say('NV3: hoàn thành - 2 hội nghị\nVướng mắc: thiếu kinh phí');
    await s.stop();
    // Each of the three replies is checked where the conversation returns it, in the outbox and in the
    // console (3 × 3); the difficulty sent to the office in the outbox and in the console (2).
    expect(botTextsChecked() - before).toBe(11);
  });

  it('has no "bạn", no "tôi", no "KH …" for the plan and no "xin mã" in the source the bot speaks from', () => {
    const found: string[] = [];
    for (const path of files(SRC)) {
      for (const text of literals(path)) {
        const where = `${path.slice(SRC.length + 1)}: ${text.slice(0, 80)}`;
        if (/(?<![\p{L}\p{M}])bạn(?![\p{L}\p{M}])/iu.test(text)) found.push(`"bạn" in ${where}`);
        if (/(?<![\p{L}\p{M}])tôi(?![\p{L}\p{M}])/iu.test(text)) found.push(`"tôi" in ${where}`);
        if (/(?<!\p{L})KH \$\{|KH \d+\/KH/u.test(text)) found.push(`"KH …" in ${where}`);
        if (/xin mã/i.test(text)) found.push(`"xin mã" in ${where}`);
      }
    }
    expect(found).toEqual([]);
  });
});
