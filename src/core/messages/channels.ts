import { bold } from './format';

/**
 * For the administrator, in the log (English and Vietnamese): no channel works, so nobody can reach the
 * bot; what each channel needs, and what happens now.
 */
export function noWorkingChannelMessage(
  problems: readonly { name: string; advice: string }[],
  consoleOpened: boolean,
): string {
  const lines = [
    'No channel is working: nobody can reach the bot until one is fixed. / Không có kênh nào hoạt động: chưa ai liên lạc được với bot.',
  ];
  if (problems.length === 0)
    lines.push(
      '  - No channel is configured (CONSOLE=off): set TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN, run `npm run zalo:login`, or set CONSOLE=on. / Chưa cấu hình kênh nào.',
    );
  for (const p of problems) lines.push(`  - ${p.name}: ${p.advice}`);
  lines.push(
    consoleOpened
      ? 'The console chat is open meanwhile. / Tạm mở trò chuyện trong cửa sổ lệnh.'
      : 'Reminders keep being queued and go out once a channel works again. / Lời nhắc vẫn được xếp hàng và sẽ gửi khi có kênh hoạt động trở lại.',
  );
  return lines.join('\n');
}

/**
 * Told once to the office in its chats on other channels when a platform refuses the bot's token: the
 * channel has stopped, the others go on, and what the administrator does. `platform` names the channel as
 * the office knows it, `variable` the setting that holds the token.
 */
export function tokenRefusedMessage(platform: string, variable: string): string {
  return [
    bold(`Bot tạm ngừng nhận và gửi tin trên ${platform}`),
    `${platform} từ chối mã của bot (${variable}): mã đã bị thu hồi, bị đổi hoặc nhập sai.`,
    'Tin nhắn chưa gửi vẫn được giữ lại; các kênh khác vẫn hoạt động bình thường.',
    `Cách khắc phục: quản trị viên lấy lại mã của bot, ghi vào ${variable} trong tệp .env trên máy chủ, rồi khởi động lại bot.`,
  ].join('\n');
}
