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
