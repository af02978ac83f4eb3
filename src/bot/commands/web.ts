import { LEADERS_LABEL } from '../../core/messages/registration';
import type { WebAudience } from '../../core/messages/web';
import { webLinkMessage, webOffMessage } from '../../core/messages/web';
import type { ChatRecord } from '../../storage/chats';
import { LINK_TTL_MS } from '../../storage/web';
import type { BotDeps } from '../deps';
import { officeOf, timeZoneOf } from '../deps';
import type { Command } from './command';

/** How the web page and its link name who a chat speaks for. */
export function webAudienceOf(deps: BotDeps, chat: Pick<ChatRecord, 'role' | 'unitId'>): WebAudience {
  const unit = chat.unitId ? deps.responsibility.units.get(chat.unitId) : undefined;
  switch (chat.role) {
    case 'office':
      return { role: 'office', name: officeOf(deps).name };
    case 'unit':
      return { role: 'unit', name: unit?.short ?? chat.unitId ?? '' };
    case 'supervisor':
      return { role: 'supervisor', name: unit?.name ?? chat.unitId ?? '' };
    default:
      return { role: 'leader', name: LEADERS_LABEL };
  }
}

/**
 * `/web`: a one-time link to the web page, for this chat's binding (a unit's chat: its own unit's page; a
 * supervisors' chat: the status, never the documents).
 * The token is shown once, in the reply, which is never kept (`secret`); the database keeps its hash.
 */
export const webCommand: Command = {
  names: ['web', 'trangweb'],
  description: 'Đường dẫn đăng nhập trang web theo dõi (dùng một lần)',
  usage: '',
  audience: ['office', 'leader', 'supervisor', 'unit'],
  run(turn) {
    const { deps, now, chat } = turn;
    const base = deps.settings.webUrl;
    if (!base || !chat.role) {
      turn.reply(webOffMessage());
      turn.outcome = 'web:off';
      return;
    }
    const unitId = chat.role === 'leader' ? null : chat.unitId;
    const link = deps.web.createLink({ chatId: chat.id, role: chat.role, unitId }, now, LINK_TTL_MS);
    turn.audit('web-link', { expiresAt: link.expiresAt.toISOString() });
    const url = `${base()}/web/dangnhap/${link.token}`;
    turn.reply(webLinkMessage(url, link.expiresAt, timeZoneOf(deps), webAudienceOf(deps, chat)), {
      secret: true,
    });
    turn.outcome = 'web:link';
  },
};
