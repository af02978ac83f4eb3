import type { Organisation, Plan, Task, Unit } from './types';

const NO_TASKS: UnitTasks = Object.freeze({ lead: [], coordinate: [] }) as unknown as UnitTasks;
const NO_REPORTABLE: Task[] = Object.freeze([]) as unknown as Task[];

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
  private readonly byPlan = new Map<
    Plan,
    { tasks: Map<string, UnitTasks>; reportable: Map<string, Task[]> }
  >();
  private readonly reporting = new Map<Plan, Unit[]>();
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
    // Built now, once, rather than at the first tick or message that asks.
    for (const plan of plans) this.reportingUnits(plan);
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
    return this.indexed(plan).tasks.get(unitId) ?? NO_TASKS;
  }

  /** Tasks the unit must report on in a period of this plan (lead or coordinating, reported tasks only). */
  reportableTasks(plan: Plan, unitId: string): Task[] {
    return this.indexed(plan).reportable.get(unitId) ?? NO_REPORTABLE;
  }

  /**
   * Every unit's tasks in a plan, built in one pass over the tasks' bodies the first time the plan is
   * asked about: a national organisation has a hundred thousand units, asked about at every tick.
   */
  private indexed(plan: Plan): { tasks: Map<string, UnitTasks>; reportable: Map<string, Task[]> } {
    let found = this.byPlan.get(plan);
    if (found) return found;
    const tasks = new Map<string, UnitTasks>();
    const reportable = new Map<string, Task[]>();
    const entry = (unitId: string) => {
      let t = tasks.get(unitId);
      if (!t) tasks.set(unitId, (t = { lead: [], coordinate: [] }));
      return t;
    };
    // In plan order, so each unit's lists come out in plan order too; lead and coordinate never overlap.
    for (const task of plan.tasks) {
      const { lead, coordinate } = this.bodiesOf(task);
      for (const u of lead) entry(u).lead.push(task);
      for (const u of coordinate) entry(u).coordinate.push(task);
      if (!task.reported) continue;
      for (const u of [...lead, ...coordinate]) {
        let r = reportable.get(u);
        if (!r) reportable.set(u, (r = []));
        r.push(task);
      }
    }
    found = { tasks, reportable };
    this.byPlan.set(plan, found);
    return found;
  }

  /** Units that owe the office a report for this plan: they report (section III) and have a reported task. */
  reportingUnits(plan: Plan): Unit[] {
    let found = this.reporting.get(plan);
    if (!found) {
      found = this.organisation.units.filter((u) => u.reports && this.reportableTasks(plan, u.id).length > 0);
      this.reporting.set(plan, found);
    }
    return found;
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
