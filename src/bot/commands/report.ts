import { reportExample } from '../../core/messages/help';
import { handleReportText } from '../reporting/report';
import type { Command } from './command';

export const reportCommand: Command = {
  names: ['baocao', 'bc', 'report'],
  description: 'Gửi báo cáo (các dòng ngay sau lệnh)',
  audience: ['unit', 'office', 'leader'],
  run(turn, args) {
    if (!args.trim()) {
      turn.reply(`Viết báo cáo ngay sau lệnh, mỗi nhiệm vụ một dòng, ví dụ:\n/baocao ${reportExample()}`);
      turn.outcome = 'report:usage';
      return;
    }
    handleReportText(turn, args, turn.replyTarget(), true);
  },
};
