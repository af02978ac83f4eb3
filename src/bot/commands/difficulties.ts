import {
  escalateClosedMessage,
  escalatedMessage,
  escalatedNoticeForUnit,
  escalateUnknownMessage,
  escalateUsage,
} from '../../core/messages/difficulties';
import {
  answerSentMessage,
  answerUsageMessage,
  closeUsageMessage,
  difficultyAnswerMessage,
  difficultyClosedMessage,
  unknownDifficultyMessage,
} from '../../core/messages/reports';
import { difficultiesMessage } from '../../core/messages/status';
import type { Unit } from '../../core/plan/types';
import { officeOf, timeZoneOf } from '../deps';
import { queueToChats, unitChats } from '../notify';
import type { Command } from './command';

function parseNumberAndText(args: string): { id: number; text: string } | null {
  const m = /^\s*(?:so|số|#)?\s*(\d{1,9})\b[\s:.,-]*([\s\S]*)$/i.exec(args);
  return m ? { id: Number(m[1]), text: (m[2] ?? '').trim() } : null;
}

export const difficultiesCommand: Command = {
  names: ['vuongmac', 'vm', 'khokhan'],
  description: 'Khó khăn, vướng mắc đang mở',
  usage: '',
  audience: ['office', 'leader'],
  run(turn) {
    const { deps } = turn;
    const items = deps.difficulties.unresolved().map((d) => ({
      ...d,
      unit: deps.responsibility.units.get(d.unitId) ?? ({ short: d.unitId } as Unit),
    }));
    turn.reply(difficultiesMessage(items, timeZoneOf(deps)));
    turn.outcome = `difficulties:${items.length}`;
  },
};

export const answerCommand: Command = {
  names: ['traloi', 'tl', 'answer'],
  description: 'Trả lời một vướng mắc',
  usage: '<số> <nội dung trả lời>',
  audience: ['office'],
  run(turn, args) {
    const { deps, now } = turn;
    const parsed = parseNumberAndText(args);
    if (!parsed || !parsed.text) {
      turn.reply(answerUsageMessage());
      turn.outcome = 'answer:usage';
      return;
    }
    const d = deps.difficulties.get(parsed.id);
    if (!d) {
      turn.reply(unknownDifficultyMessage(parsed.id, true));
      turn.outcome = 'answer:unknown';
      return;
    }
    deps.difficulties.answer(d.id, parsed.text, turn.actor, now);
    const origin = deps.chats.get(d.chatId);
    const targets = origin && origin.role && !origin.gone ? [origin] : unitChats(deps, d.unitId);
    const queued = queueToChats(
      deps,
      targets,
      {
        key: `answer:${d.id}:${now.getTime()}`,
        kind: 'answer',
        unitId: d.unitId,
        periodId: d.periodId,
        payload: { text: difficultyAnswerMessage(d, parsed.text, officeOf(deps)) },
      },
      now,
      turn.chat.id,
    );
    turn.audit('answer', { difficulty: d.id, text: parsed.text });
    const unit = deps.responsibility.units.get(d.unitId);
    turn.reply(
      answerSentMessage(
        d.id,
        unit?.short ?? d.unitId,
        queued > 0 || targets.some((t) => t.id === turn.chat.id),
      ),
    );
    turn.outcome = `answer:${d.id}`;
  },
};

/**
 * `/chuyencap <số> [nơi nhận hoặc ghi chú]`: the office reported the difficulty up and proposed that the
 * competent level decide it. The item stays open for the answer (`/traloi`); the unit is told.
 */
export const escalateCommand: Command = {
  names: ['chuyencap', 'escalate'],
  description: 'Ghi vướng mắc đã báo cáo, đề xuất cấp có thẩm quyền',
  usage: '<số> [nơi nhận hoặc ghi chú]',
  audience: ['office'],
  run(turn, args) {
    const { deps, now } = turn;
    const parsed = parseNumberAndText(args);
    if (!parsed) {
      turn.reply(escalateUsage());
      turn.outcome = 'escalate:usage';
      return;
    }
    const d = deps.difficulties.get(parsed.id);
    if (!d) {
      turn.reply(escalateUnknownMessage(parsed.id));
      turn.outcome = 'escalate:unknown';
      return;
    }
    if (d.status === 'closed') {
      turn.reply(escalateClosedMessage(d.id));
      turn.outcome = 'escalate:closed';
      return;
    }
    const to = parsed.text || null;
    deps.difficulties.escalate(d.id, to, turn.actor, now);
    const tz = timeZoneOf(deps);
    const origin = deps.chats.get(d.chatId);
    const targets = origin && origin.role && !origin.gone ? [origin] : unitChats(deps, d.unitId);
    queueToChats(
      deps,
      targets,
      {
        key: `escalated:${d.id}:${now.getTime()}`,
        kind: 'answer',
        unitId: d.unitId,
        periodId: d.periodId,
        payload: { text: escalatedNoticeForUnit(d, to, now, tz, officeOf(deps)) },
      },
      now,
      turn.chat.id,
    );
    turn.audit('escalate', { difficulty: d.id, to });
    const unit = deps.responsibility.units.get(d.unitId) ?? null;
    turn.reply(escalatedMessage(d, unit, to, now, tz, targets.length > 0));
    turn.outcome = `escalate:${d.id}`;
  },
};

export const closeCommand: Command = {
  names: ['dong', 'close'],
  description: 'Đóng một vướng mắc',
  usage: '<số>',
  audience: ['office'],
  run(turn, args) {
    const { deps } = turn;
    const parsed = parseNumberAndText(args);
    const d = parsed ? deps.difficulties.get(parsed.id) : null;
    if (!parsed || !d) {
      turn.reply(parsed ? unknownDifficultyMessage(parsed.id, false) : closeUsageMessage());
      turn.outcome = 'close:unknown';
      return;
    }
    deps.difficulties.close(d.id);
    turn.audit('close', { difficulty: d.id, note: parsed.text || null });
    turn.reply(difficultyClosedMessage(d.id));
    turn.outcome = `close:${d.id}`;
  },
};
