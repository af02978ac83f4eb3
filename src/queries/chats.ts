import type { BotDeps } from '../bot/deps';
import type { Unit } from '../core/plan/types';
import type { ChatRecord } from '../storage/chats';

/**
 * The chats each unit is reached in, from one read of the bindings: a unit's own chats, and the office's
 * chats for the office's own unit. Chats the platform said are gone are left out.
 */
export function chatsByUnit(deps: BotDeps): Map<string, ChatRecord[]> {
  const office = deps.planSet.organisation.officeUnitId;
  const byUnit = new Map<string, ChatRecord[]>();
  for (const chat of deps.chats.allBound()) {
    const unitId = chat.role === 'office' ? office : chat.role === 'unit' ? chat.unitId : null;
    if (!unitId || chat.gone) continue;
    byUnit.set(unitId, [...(byUnit.get(unitId) ?? []), chat]);
  }
  return byUnit;
}

/**
 * Of these units, those with no chat registered for them: nothing sent to them reaches anyone. Takes the
 * bindings already read, if the caller has them.
 */
export function unitsWithoutChat(
  deps: BotDeps,
  units: readonly Unit[],
  byUnit: Map<string, ChatRecord[]> = chatsByUnit(deps),
): Unit[] {
  return units.filter((u) => (byUnit.get(u.id) ?? []).length === 0);
}
