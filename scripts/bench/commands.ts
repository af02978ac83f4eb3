import { performance } from 'node:perf_hooks';
import type { BenchPart, Figure } from './part';
import { percentile, round } from './part';
import { incoming, seedHistory, wardApp } from './ward';

/**
 * Command latency from the office's chat on the synthetic ward (200 units, five plans, years of history,
 * twenty revisions of every unit's report in the open period), against the cheapest command, `/help`,
 * through the same path.
 */
export const commands: BenchPart = {
  name: 'commands',
  async run(ctx) {
    const app = wardApp(ctx, 'commands');
    seedHistory(app, ctx.log);
    const { deps } = app;
    const plan = deps.planSet.plans[0]!;
    const units = deps.planSet.organisation.units.filter((u) => u.id !== 'u0000');
    const revisions = ctx.quick ? 5 : 20;
    for (let r = 0; r < revisions; r++)
      for (const u of units) {
        const lines = deps.responsibility
          .reportableTasks(plan, u.id)
          .slice(0, 3)
          .map((t) => `${t.code}: hoàn thành - lần ${r}, 2 hội nghị`);
        app.bot.handle(
          incoming(
            `bench:${u.id}`,
            [
              // Every plan numbers its tasks from NV1: a unit of several plans names the one it reports on.
              `Bao cao KH ${plan.number.split('/')[0]} 6 thang 2026`,
              ...lines,
            ].join('\n'),
            `c:${r}:${u.id}`,
            u.short,
          ),
        );
      }
    const office = deps.planSet.organisation.units.find((u) => u.id === 'u0000')!.short;
    const runs = ctx.quick ? 60 : 300;
    const measure = (text: string) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        app.bot.handle(incoming('bench:u0000', text, `bench:cmd:${text}:${i}`, office));
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b);
    };
    const base = measure('/help');
    const basP95 = percentile(base, 95);
    const figures: Figure[] = [];
    for (const cmd of ['/tinhhinh', '/chuanop', '/xem ĐV 17', '/nhiemvu ĐV 17']) {
      const t = measure(cmd);
      const p = {
        p50: round(percentile(t, 50)),
        p95: round(percentile(t, 95)),
        p99: round(percentile(t, 99)),
      };
      figures.push({
        name: `${cmd.split(' ')[0]} latency p95 (${runs} runs)`,
        value: p.p95,
        unit: 'ms',
        baseline: round(basP95),
        baselineLabel: '/help p95, same path',
        ratio: round(p.p95 / basP95),
        target: 'p95 < 20 ms',
        met: p.p95 < 20,
        percentiles: p,
        note: `p50 ${p.p50}, p99 ${p.p99} ms`,
      });
    }
    app.close();
    return figures;
  },
};
