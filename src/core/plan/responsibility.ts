import type { Organisation, Plan, Task, Unit } from './types';

/** Lead and coordinating units of one task, with groups resolved to their members. */
export interface TaskBodies {
  lead: string[];
  /** Coordinating units, never including a unit that also leads the task. */
  coordinate: string[];
}

export interface UnitTasks {
  lead: Task[];
  coordinate: Task[];
}

/**
 * Answers "who does what" for one organisation. Resolution is computed once; lookups are map reads,
 * because the bot asks it for every message and every scheduler tick.
 */
export class Responsibility {
  private readonly members = new Map<string, string[]>();
  private readonly byTask = new Map<Task, TaskBodies>();
  private readonly byUnit = new Map<string, UnitTasks>();
  private readonly reportable = new Map<string, Task[]>();
  readonly units: ReadonlyMap<string, Unit>;

  constructor(
    readonly organisation: Organisation,
    readonly plans: readonly Plan[],
  ) {
    this.units = new Map(organisation.units.map((u) => [u.id, u]));
    for (const plan of plans) {
      for (const task of plan.tasks) {
        const lead = this.resolve(task.lead);
        const leadSet = new Set(lead);
        const coordinate = this.resolve(task.coordinate).filter((u) => !leadSet.has(u));
        this.byTask.set(task, { lead, coordinate });
      }
    }
  }

  /** Unit ids named by a list of unit and group ids, in organisation order, without repeats. */
  resolve(bodies: readonly string[]): string[] {
    const set = new Set<string>();
    for (const b of bodies) for (const u of this.membersOf(b)) set.add(u);
    return this.organisation.units.filter((u) => set.has(u.id)).map((u) => u.id);
  }

  bodiesOf(task: Task): TaskBodies {
    const found = this.byTask.get(task);
    if (!found) throw new Error(`task ${task.code} is not part of the loaded plans`);
    return found;
  }

  /** The tasks of one plan a unit leads and coordinates, in plan order. */
  tasksOf(plan: Plan, unitId: string): UnitTasks {
    const key = `${plan.id}\u0000${unitId}`;
    let found = this.byUnit.get(key);
    if (!found) {
      found = { lead: [], coordinate: [] };
      for (const task of plan.tasks) {
        const bodies = this.bodiesOf(task);
        if (bodies.lead.includes(unitId)) found.lead.push(task);
        else if (bodies.coordinate.includes(unitId)) found.coordinate.push(task);
      }
      this.byUnit.set(key, found);
    }
    return found;
  }

  /** Tasks the unit must report on in a period of this plan (lead or coordinating, reported tasks only). */
  reportableTasks(plan: Plan, unitId: string): Task[] {
    const key = `${plan.id}\u0000${unitId}`;
    let found = this.reportable.get(key);
    if (!found) {
      const { lead, coordinate } = this.tasksOf(plan, unitId);
      const set = new Set([...lead, ...coordinate].filter((t) => t.reported));
      found = plan.tasks.filter((t) => set.has(t));
      this.reportable.set(key, found);
    }
    return found;
  }

  /** Units that owe the office a report for this plan: they report (section III) and have a reported task. */
  reportingUnits(plan: Plan): Unit[] {
    return this.organisation.units.filter((u) => u.reports && this.reportableTasks(plan, u.id).length > 0);
  }

  /**
   * Bodies that supervise the plan and do not report to the office: members of a group marked
   * `supervises` (Ủy ban MTTQ, the socio-political organisations, Ban Xây dựng Đảng).
   */
  supervisingBodies(): Unit[] {
    const groups = new Set(this.organisation.groups.filter((g) => g.supervises).map((g) => g.id));
    return this.organisation.units.filter((u) => !u.reports && u.groups.some((g) => groups.has(g)));
  }

  private membersOf(body: string): string[] {
    let found = this.members.get(body);
    if (found) return found;
    const unit = this.organisation.units.find((u) => u.id === body);
    if (unit) {
      found = [unit.id];
    } else {
      const seen = new Set<string>();
      const walk = (g: string): void => {
        if (seen.has(g)) return;
        seen.add(g);
        for (const inc of this.organisation.groups.find((x) => x.id === g)?.includes ?? []) walk(inc);
      };
      walk(body);
      found = this.organisation.units.filter((u) => u.groups.some((g) => seen.has(g))).map((u) => u.id);
    }
    this.members.set(body, found);
    return found;
  }
}
