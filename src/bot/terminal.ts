import type { ConsoleAdmin, ConsoleChat } from '../channels/console/console';
import { consoleOfficeTitle, LEADERS_LABEL } from '../core/messages/registration';
import { unknownUnitMessage } from '../core/messages/tasks';
import { lookUpUnit } from '../core/plan/resolve';
import { fold } from '../core/text/fold';
import type { Role } from '../storage/chats';
import { resolveTarget } from './commands/registration';
import type { BotDeps } from './deps';

/** The supervising body `:as giamsat` speaks for when none is named: the Front's committee if listed. */
const DEFAULT_SUPERVISOR = (deps: BotDeps): string => {
  const bodies = deps.responsibility.supervisingBodies();
  const front = bodies.find((u) => fold(u.name).includes('mat tran')) ?? bodies[0];
  return front?.name ?? '';
};

/**
 * The administrator at the terminal: `:as` switches to a console chat bound to a unit or a role,
 * binding it on first use. The terminal is trusted, so no invitation code is needed; the binding
 * is audited like any other.
 */
export class TerminalAdmin implements ConsoleAdmin {
  constructor(private readonly deps: BotDeps) {}

  initialChat(): ConsoleChat {
    const office = this.officeUnit();
    return this.bindConsole('console:office', consoleOfficeTitle(office.short), 'office', office.id);
  }

  actAs(name: string): ConsoleChat | { error: string } {
    if (/^(giam ?sat|gs)(\s|$)/.test(fold(name))) return this.actAsSupervisor(name);
    const found = lookUpUnit(this.deps.matcher, name, { leader: true });
    if (found.type === 'leader') return this.bindConsole('console:leader', LEADERS_LABEL, 'leader', null);
    if (found.type !== 'unit') return { error: found.type === 'all' ? '' : found.reply };
    const unit = found.unit;
    if (unit.id === this.deps.planSet.organisation.officeUnitId) return this.initialChat();
    return this.bindConsole(`console:unit:${unit.id}`, unit.short, 'unit', unit.id);
  }

  /**
   * `:as giamsat` is the Ủy ban MTTQ's supervisors' chat (the first supervising body whose name says
   * "Mặt trận", else the first one); `:as giamsat <cơ quan>` names another.
   */
  private actAsSupervisor(name: string): ConsoleChat | { error: string } {
    const typed = name
      .trim()
      .split(/\s+/)
      .slice(/^(giam sat)/.test(fold(name)) ? 2 : 1)
      .join(' ');
    const target = resolveTarget(this.deps, `giamsat ${typed || DEFAULT_SUPERVISOR(this.deps)}`);
    if ('error' in target) return target;
    if (target.role !== 'supervisor') return { error: unknownUnitMessage(typed) };
    const { unit } = target;
    return this.bindConsole(
      `console:supervisor:${unit.id}`,
      `${unit.short} (giám sát)`,
      'supervisor',
      unit.id,
    );
  }

  private officeUnit() {
    const id = this.deps.planSet.organisation.officeUnitId;
    const unit = this.deps.responsibility.units.get(id);
    if (!unit) throw new Error(`office unit ${id} is not in the organisation`);
    return unit;
  }

  private bindConsole(chatId: string, title: string, role: Role, unitId: string | null): ConsoleChat {
    const existing = this.deps.chats.get(chatId);
    if (!existing || existing.role !== role || existing.unitId !== unitId) {
      const now = this.deps.clock();
      this.deps.chats.bind(chatId, { kind: 'direct', title, role, unitId, via: 'terminal' }, now);
      this.deps.audit.write(now, chatId, role, 'bind', { unitId, via: 'terminal' });
    }
    return { chatId, title, kind: 'direct' };
  }
}
