import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LoginQRCallbackEvent } from 'zca-js';
import { qrForTerminal } from '../channels/zalo/qr';
import { writeSession } from '../channels/zalo/session';
import { loadConfig } from '../config';
import { loadEnvFile } from '../env';

/**
 * `npm run zalo:login`: logs the bot's Zalo account in by QR code and saves the session for `npm start`.
 * The QR code is drawn in the terminal and also saved as a PNG next to the session, for an administrator
 * who reaches the server remotely. The session file is written with mode 600 and never printed.
 */
async function main(): Promise<number> {
  loadEnvFile();
  const config = loadConfig();
  const sessionPath = config.ZALO_SESSION_PATH;
  const qrPath = join(dirname(sessionPath), 'zalo-qr.png');
  mkdirSync(dirname(sessionPath), { recursive: true });
  const { Zalo, LoginQRCallbackEventType: Event } = await import('zca-js');
  const zalo = new Zalo({ checkUpdate: false, selfListen: false, logging: false });
  const say = (text: string) => process.stdout.write(`${text}\n`);
  let saved = false;

  const onEvent = async (event: LoginQRCallbackEvent): Promise<void> => {
    switch (event.type) {
      case Event.QRCodeGenerated: {
        await event.actions.saveToFile(qrPath);
        say(qrForTerminal(Buffer.from(event.data.image, 'base64')));
        say(`\nMở ứng dụng Zalo của tài khoản dành cho bot, chọn Quét mã QR và quét mã trên.`);
        say(`Ảnh mã QR cũng được lưu tại: ${qrPath}`);
        return;
      }
      case Event.QRCodeExpired:
        say('Mã QR đã hết hạn; đang tạo mã mới…');
        event.actions.retry();
        return;
      case Event.QRCodeScanned:
        say(`Đã quét bởi "${event.data.display_name}". Hãy bấm xác nhận đăng nhập trên điện thoại.`);
        return;
      case Event.QRCodeDeclined:
        say('Đăng nhập đã bị từ chối trên điện thoại. Chạy lại lệnh để thử lần nữa.');
        event.actions.abort();
        return;
      case Event.GotLoginInfo:
        writeSession(
          sessionPath,
          { cookie: event.data.cookie, imei: event.data.imei, userAgent: event.data.userAgent },
          new Date(),
        );
        saved = true;
        say(`Đã lưu phiên đăng nhập vào ${sessionPath} (chỉ chủ tài khoản máy đọc được).`);
        return;
    }
  };

  await zalo.loginQR({ qrPath }, (event) => {
    onEvent(event).catch((err: unknown) => say(`Lỗi: ${(err as Error).message}`));
  });
  if (!saved) {
    say('Chưa lưu được phiên đăng nhập.');
    return 1;
  }
  say('Xong. Chạy `npm start` để bot nhận tin nhắn Zalo.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `Đăng nhập Zalo không thành công: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  },
);
