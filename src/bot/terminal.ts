import type { ConsoleAdmin, ConsoleChat } from '../channels/console/console';
import { lookUpUnit } from '../core/plan/resolve';
import type { Role } from '../storage/chats';
import type { BotDeps } from './deps';

/**
 * The administrator at the terminal: `:as` switches to a console chat bound to a unit or a role,
 * binding it on first use. The terminal is trusted, so no invitation code is needed; the binding
 * is audited like any other.
 */
export class TerminalAdmin implements ConsoleAdmin {
  constructor(private readonly deps: BotDeps) {}

  initialChat(): ConsoleChat {
    const office = this.officeUnit();
    return this.bindConsole('console:office', `${office.short} (văn phòng)`, 'office', office.id);
  }

  actAs(name: string): ConsoleChat | { error: string } {
    const found = lookUpUnit(this.deps.matcher, name, { leader: true });
    if (found.type === 'leader') return this.bindConsole('console:leader', 'Lãnh đạo phường', 'leader', null);
    if (found.type !== 'unit') return { error: found.type === 'all' ? '' : found.reply };
    const unit = found.unit;
    if (unit.id === this.deps.planSet.organisation.officeUnitId) return this.initialChat();
    return this.bindConsole(`console:unit:${unit.id}`, unit.short, 'unit', unit.id);
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
      this.deps.chats.bind(chatId, 'direct', title, role, unitId, 'terminal', now);
      this.deps.audit.write(now, chatId, role, 'bind', { unitId, via: 'terminal' });
    }
    return { chatId, title, kind: 'direct' };
  }
}
