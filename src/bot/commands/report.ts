import { reportUsageMessage } from '../../core/messages/reports';
import { handleReportText } from '../reporting/report';
import type { Command } from './command';

export const reportCommand: Command = {
  names: ['baocao', 'bc', 'report'],
  description: 'Gửi báo cáo (các dòng ngay sau lệnh)',
  usage: '+ các dòng báo cáo',
  // Leaders may send it, to be told that they are not asked to report; their /help does not offer it.
  listedFor: ['unit', 'office'],
  audience: ['unit', 'office', 'leader'],
  run(turn, args) {
    if (!args.trim()) {
      turn.reply(reportUsageMessage());
      turn.outcome = 'report:usage';
      return;
    }
    handleReportText(turn, args, turn.replyTarget(), true);
  },
};
