import type { ConsoleAdmin, ConsoleChat } from '../channels/console/console';
import { consoleOfficeTitle, LEADERS_LABEL } from '../core/messages/registration';
import { ambiguousUnitMessage, unknownUnitMessage } from '../core/messages/tasks';
import { fold } from '../core/text/fold';
import type { Role } from '../storage/chats';
import type { BotDeps } from './deps';

const LEADER_WORDS = new Set(['lanhdao', 'lanh dao', 'leader', 'lanh dao phuong', 'chu tich']);

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
    const folded = fold(name);
    if (LEADER_WORDS.has(folded)) return this.bindConsole('console:leader', LEADERS_LABEL, 'leader', null);
    const m = this.deps.matcher.match(name);
    if (m.type === 'unknown') return { error: unknownUnitMessage(name) };
    if (m.type === 'ambiguous') return { error: ambiguousUnitMessage(name, m.candidates) };
    if (m.unit.id === this.deps.planSet.organisation.officeUnitId) return this.initialChat();
    return this.bindConsole(`console:unit:${m.unit.id}`, m.unit.short, 'unit', m.unit.id);
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
