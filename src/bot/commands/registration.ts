import type { BindTarget } from '../../core/messages/registration';
import {
  boundMessage,
  boundNoticeForOffice,
  chatLabel,
  huydangkyUsage,
  inviteCreatedMessage,
  inviteProblemMessage,
  LEADERS_LABEL,
  registrationsMessage,
  supervisorTargetMessage,
  taomaUsage,
  unboundMessage,
  unboundNoticeForChat,
} from '../../core/messages/registration';
import { lookUpUnit } from '../../core/plan/resolve';
import { fold } from '../../core/text/fold';
import type { ChatRecord } from '../../storage/chats';
import type { BotDeps } from '../deps';
import { officeOf, timeZoneOf } from '../deps';
import { leaderChats, officeChats, queueToChats, supervisorChats, unitChats } from '../notify';
import type { Command } from './command';

/** `giamsat mttq`, `giám sát Ban XDĐ`: a supervisors' chat of that body. */
const SUPERVISOR = /^\s*(?:giam\s*sat|gs|supervisor)(?:\s|$)/;
const SUPERVISOR_WORDS = /^\s*(?:gi[aáàảãạ]m\s*s[aáàảãạ]t|gs|supervisor)(?=\s|$)/i;

/**
 * `vhxh` / `lanhdao` / `giamsat <body>` / a unit name → what an invitation binds to, or the reply that
 * explains why not.
 */
export function resolveTarget(deps: BotDeps, name: string): BindTarget | { error: string } {
  if (SUPERVISOR.exec(fold(name))) {
    const bodies = deps.responsibility.supervisingBodies();
    // The body's name as typed (with its accents), after the words "giám sát".
    const query = name.replace(SUPERVISOR_WORDS, '').trim();
    if (!query) return { error: supervisorTargetMessage('', bodies) };
    const found = lookUpUnit(deps.matcher, query);
    if (found.type === 'ambiguous') return { error: found.reply };
    if (found.type !== 'unit' || !bodies.includes(found.unit))
      return { error: supervisorTargetMessage(query, bodies) };
    return { role: 'supervisor', unit: found.unit };
  }
  const found = lookUpUnit(deps.matcher, name, { leader: true });
  if (found.type === 'leader') return { role: 'leader' };
  if (found.type !== 'unit') return { error: found.type === 'all' ? '' : found.reply };
  return found.unit.id === deps.planSet.organisation.officeUnitId
    ? { role: 'office', unit: found.unit }
    : { role: 'unit', unit: found.unit };
}

function describeBinding(deps: BotDeps, chat: ChatRecord): string | null {
  if (!chat.role) return null;
  if (chat.role === 'leader') return LEADERS_LABEL;
  const unit = chat.unitId ? deps.responsibility.units.get(chat.unitId) : undefined;
  const name = unit?.name ?? chat.unitId;
  return chat.role === 'supervisor' ? `${name} (giám sát)` : name;
}

export const registerCommand: Command = {
  names: ['dangky', 'dk', 'register'],
  description: 'Đăng ký nhóm với mã đăng ký',
  usage: '<mã>',
  // A chat already bound may register again, but its /help need not say so; an unbound one is told how.
  listedFor: [],
  audience: ['unbound', 'unit', 'office', 'leader', 'supervisor'],
  run(turn, args) {
    const { deps, now, incoming } = turn;
    const code = args.split(/\s+/)[0] ?? '';
    if (!code) {
      turn.reply(inviteProblemMessage('missing', officeOf(deps)));
      turn.outcome = 'bind:missing-code';
      return;
    }
    const use = deps.invites.use(code, incoming.chatId, now);
    if (use.type !== 'ok') {
      turn.reply(inviteProblemMessage(use.type, officeOf(deps)));
      turn.audit('bind-refused', { reason: use.type });
      turn.outcome = `bind:${use.type}`;
      return;
    }
    const previous = describeBinding(deps, turn.chat);
    const unitId = use.role === 'office' ? deps.planSet.organisation.officeUnitId : use.unitId;
    const unit = unitId ? deps.responsibility.units.get(unitId) : undefined;
    if (use.role !== 'leader' && !unit) throw new Error(`invite for unknown unit ${unitId}`);
    const target: BindTarget =
      use.role === 'leader' ? { role: 'leader' } : { role: use.role, unit: unit as NonNullable<typeof unit> };
    deps.chats.bind(
      incoming.chatId,
      {
        kind: incoming.chatKind,
        title: incoming.chatTitle,
        role: use.role,
        unitId,
        via: `invite:${code}`,
      },
      now,
    );
    turn.audit('bind', {
      role: use.role,
      unitId,
      previous: turn.chat.role ? { role: turn.chat.role, unitId: turn.chat.unitId } : null,
    });
    const same = previous && turn.chat.role === use.role && turn.chat.unitId === unitId;
    // Sessions opened under the old binding speak for it no longer.
    if (previous && !same) deps.web.endForChat(incoming.chatId, now, 'rebind');
    turn.reply(boundMessage(target, same ? null : previous));
    queueToChats(
      deps,
      officeChats(deps),
      {
        key: `bound:${incoming.chatId}:${now.getTime()}`,
        kind: 'notice',
        payload: { text: boundNoticeForOffice(target, incoming.chatTitle) },
      },
      now,
      incoming.chatId,
    );
    turn.outcome = `bind:${use.role}:${unitId ?? ''}`;
  },
};

export const inviteCommand: Command = {
  names: ['taoma', 'moi', 'invite'],
  description: 'Tạo mã đăng ký nhóm cho đơn vị',
  usage: '<đơn vị | lanhdao | giamsat …>',
  audience: ['office'],
  run(turn, args) {
    const { deps, now } = turn;
    if (!args) {
      turn.reply(taomaUsage());
      turn.outcome = 'invite:usage';
      return;
    }
    const target = resolveTarget(deps, args);
    if ('error' in target) {
      turn.reply(target.error);
      turn.outcome = 'invite:unknown';
      return;
    }
    const unitId = target.role === 'leader' ? null : target.unit.id;
    const invite = deps.invites.create(target.role, unitId, turn.actor, now, deps.settings.inviteTtlHours);
    turn.audit('invite', { role: target.role, unitId, expiresAt: invite.expiresAt.toISOString() });
    turn.reply(inviteCreatedMessage(invite.code, target, invite.expiresAt, timeZoneOf(deps)));
    turn.outcome = 'invite';
  },
};

export const unbindCommand: Command = {
  names: ['huydangky', 'huydk', 'unbind'],
  description: 'Hủy đăng ký nhóm của một đơn vị',
  usage: '<đơn vị>',
  audience: ['office'],
  run(turn, args) {
    const { deps, now } = turn;
    if (!args) {
      turn.reply(huydangkyUsage());
      turn.outcome = 'unbind:usage';
      return;
    }
    const target = resolveTarget(deps, args);
    if ('error' in target) {
      turn.reply(target.error);
      turn.outcome = 'unbind:unknown';
      return;
    }
    const chats =
      target.role === 'leader'
        ? leaderChats(deps)
        : target.role === 'supervisor'
          ? supervisorChats(deps, target.unit.id)
          : unitChats(deps, target.unit.id);
    // The office never unbinds the chat it is typing in: that would lock it out of its own commands.
    const affected = chats.filter((c) => c.id !== turn.chat.id);
    let webSessions = 0;
    for (const chat of affected) {
      deps.chats.unbind(chat.id, now);
      // The chat's binding was the identity of the web sessions opened from it: they end with it.
      webSessions += deps.web.endForChat(chat.id, now, 'unbind');
      queueToChats(
        deps,
        [chat],
        {
          key: `unbound:${chat.id}:${now.getTime()}`,
          kind: 'notice',
          payload: { text: unboundNoticeForChat() },
        },
        now,
      );
    }
    const name =
      target.role === 'leader'
        ? LEADERS_LABEL
        : target.role === 'supervisor'
          ? `${target.unit.short} (giám sát)`
          : target.unit.short;
    turn.audit('unbind', {
      role: target.role,
      unitId: target.role === 'leader' ? null : target.unit.id,
      chats: affected.map((c) => c.id),
      webSessions,
    });
    turn.reply(unboundMessage(name, affected.length));
    turn.outcome = `unbind:${affected.length}`;
  },
};

export const registrationsCommand: Command = {
  names: ['donvi', 'dsdonvi'],
  description: 'Đơn vị đã và chưa đăng ký nhóm',
  usage: '',
  audience: ['office', 'leader'],
  run(turn) {
    const { deps } = turn;
    const officeId = deps.planSet.organisation.officeUnitId;
    const rows = deps.planSet.organisation.units
      .filter((u) => u.reports && u.id !== officeId)
      .map((unit) => ({ unit, chats: unitChats(deps, unit.id).map(chatLabel) }));
    const supervisors = deps.responsibility
      .supervisingBodies()
      .map((unit) => ({ unit, chats: supervisorChats(deps, unit.id).map(chatLabel) }))
      .filter((r) => r.chats.length > 0);
    turn.reply(
      registrationsMessage(
        rows,
        leaderChats(deps).map(chatLabel),
        officeChats(deps).map(chatLabel),
        supervisors,
        officeOf(deps),
      ),
    );
    turn.outcome = 'registrations';
  },
};
