import type { ChannelDirectory } from '../channels/directory';
import type { CalendarConfig } from '../core/calendar';
import type { OfficeNames } from '../core/messages/labels';
import { wardCalendar } from '../core/calendar';
import type { Period } from '../core/periods/periods';
import type { UnitMatcher } from '../core/plan/match';
import type { Responsibility } from '../core/plan/responsibility';
import type { Plan, PlanSet } from '../core/plan/types';
import type { InspectLimits } from '../documents/inspect';
import type { FileStore } from '../documents/store';
import type { AuditLog } from '../storage/audit';
import type { ChatStore } from '../storage/chats';
import type { Db } from '../storage/db';
import type { DifficultyStore } from '../storage/difficulties';
import type { AlbumStore } from '../storage/albums';
import type { DocumentStore } from '../storage/documents';
import type { InboundStore } from '../storage/inbound';
import type { InviteStore } from '../storage/invites';
import type { MessageRefStore } from '../storage/messageRefs';
import type { OutboxStore } from '../storage/outbox';
import type { PeriodStore } from '../storage/periods';
import type { ReportStore } from '../storage/reports';
import type { WebAccessStore } from '../storage/web';

export interface BotSettings {
  inviteTtlHours: number;
  /** Where `/xuat` writes its files and the digest its charts. */
  exportDir: string;
  /**
   * The web page's address for links (`WEB_PUBLIC_URL`, else the local server), or null when the page is
   * not served (`WEB` off). A function: the port is known only once the server listens.
   */
  webUrl: (() => string) | null;
  documents: DocumentSettings;
}

/** Limits of the files units send as their report. */
export interface DocumentSettings {
  maxBytes: number;
  downloadTimeoutMs: number;
  inspect: InspectLimits;
}

/** What the conversation needs from the rest of the program; built once in the composition root. */
export interface BotDeps {
  db: Db;
  planSet: PlanSet;
  responsibility: Responsibility;
  matcher: UnitMatcher;
  chats: ChatStore;
  inbound: InboundStore;
  audit: AuditLog;
  periods: PeriodStore;
  reports: ReportStore;
  difficulties: DifficultyStore;
  /** Report documents: their records, and the files themselves under the data folder. */
  documents: DocumentStore;
  /** Members of an album held back until a member of it is taken as the report. */
  albums: AlbumStore;
  files: FileStore;
  invites: InviteStore;
  outbox: OutboxStore;
  refs: MessageRefStore;
  /** Sign-in links and sessions of the web page. */
  web: WebAccessStore;
  /** The running channels, asked what a chat's channel can do (buttons, mentions, files). */
  channels: ChannelDirectory;
  settings: BotSettings;
  clock: () => Date;
  /** Called after messages were queued in the outbox, so the sender can deliver them now. */
  wake: () => void;
}

/** The ward's working-day calendar: time zone, working hours, announced days off. */
export function calendarOf(deps: BotDeps): CalendarConfig {
  return wardCalendar(deps.planSet.organisation);
}

export function timeZoneOf(deps: BotDeps): string {
  return deps.planSet.organisation.ward.timeZone;
}

export function planById(deps: BotDeps, id: string): Plan | null {
  return deps.planSet.plans.find((p) => p.id === id) ?? null;
}

/** The plan a conversation is about when none is named: the latest one issued. */
export function currentPlan(deps: BotDeps): Plan {
  return deps.planSet.plans.reduce((a, b) => (b.issuedOn > a.issuedOn ? b : a));
}

/** How long after its deadline a period still takes reports without being named. */
export function lateWindowDays(plan: Plan): number {
  return Math.max(plan.reporting.digest.windowAfterDays, ...plan.reporting.overdueAfterDays);
}

/** Periods that concern a unit: of plans where it reports, and asked of it. */
export function periodsForUnit(deps: BotDeps, unitId: string): Period[] {
  const unit = deps.responsibility.units.get(unitId);
  if (!unit) return [];
  return deps.periods.all().filter((p) => {
    const plan = planById(deps, p.planId);
    if (!plan || p.cancelled) return false;
    if (p.unitIds !== null) return p.unitIds.includes(unitId);
    return unit.reports && deps.responsibility.reportableTasks(plan, unitId).length > 0;
  });
}

/** The office that collects the reports, by its names in the organisation file. */
export function officeOf(deps: BotDeps): OfficeNames {
  const id = deps.planSet.organisation.officeUnitId;
  const unit = deps.responsibility.units.get(id);
  return { name: unit?.name ?? id, short: unit?.short ?? id };
}
