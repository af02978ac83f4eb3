import type { Responsibility } from '../core/plan/responsibility';
import type { UnitMatcher } from '../core/plan/match';
import type { Plan, PlanSet } from '../core/plan/types';
import type { AuditLog } from '../storage/audit';
import type { ChatStore } from '../storage/chats';
import type { Db } from '../storage/db';
import type { InboundStore } from '../storage/inbound';

/** What the conversation needs from the rest of the program; built once in the composition root. */
export interface BotDeps {
  db: Db;
  planSet: PlanSet;
  responsibility: Responsibility;
  matcher: UnitMatcher;
  chats: ChatStore;
  inbound: InboundStore;
  audit: AuditLog;
  clock: () => Date;
}

/** The plan a conversation is about when none is named: the latest one issued. */
export function currentPlan(deps: BotDeps): Plan {
  const plans = deps.planSet.plans;
  const latest = plans.reduce((a, b) => (b.issuedOn > a.issuedOn ? b : a));
  return latest;
}
