import { bold } from './format';

/** Why the Zalo channel stopped, as the office reads it. */
export type ZaloProblemKind = 'session_expired' | 'session_invalid' | 'kicked';

/**
 * Told once to the office (on Telegram or the console) when Zalo needs an administrator: what happened,
 * that the other channels keep working, and what to do.
 */
export function zaloDownMessage(kind: ZaloProblemKind): string {
  const what: Record<ZaloProblemKind, string> = {
    session_expired: 'Phiên đăng nhập Zalo của bot đã hết hạn hoặc đã bị đăng xuất.',
    session_invalid: 'Không đọc được phiên đăng nhập Zalo đã lưu của bot.',
    kicked:
      'Zalo đã ngắt kết nối của bot vì tài khoản của bot vừa được mở ở nơi khác (ví dụ Zalo Web hoặc Zalo PC).',
  };
  return [
    bold('Bot tạm ngừng nhận và gửi tin trên Zalo'),
    what[kind],
    'Tin nhắn Zalo chưa gửi vẫn được giữ lại; các kênh khác vẫn hoạt động bình thường.',
    'Cách khắc phục: quản trị viên chạy lệnh npm run zalo:login trên máy chủ, quét mã QR bằng tài khoản Zalo của bot, rồi khởi động lại bot. Không mở tài khoản của bot trên Zalo Web/PC khi bot đang chạy.',
  ].join('\n');
}
