import type { Task } from '../../core/plan/types';
import { deadlineLine } from '../../core/messages/status';
import { periodLabel } from '../../core/messages/labels';
import { CATEGORY_SHORT, CELL_MARKS, WEB } from '../../core/messages/web';
import type { UnitStatus } from '../../core/status';
import type { HttpResponse } from '../../http/server';
import { overviewOf, overviewVersionOf } from '../../queries/overview';
import { periodForStatus } from '../../queries/periods';
import { ACCESS, allows } from '../access';
import type { SignedContext } from '../app';
import { href, html, segment } from '../html';
import { page } from '../layout';
import { allPeriods, chosenPeriod, isResponse, periodPicker, today } from './common';

type CellKey = keyof typeof CELL_MARKS;

/** What a matrix cell shows for a unit and a task: its latest status, or why there is none. */
function cellOf(u: UnitStatus, task: Task): CellKey {
  if (!u.tasks.includes(task)) return 'not_asked';
  if (!u.report) return u.category === 'overdue' ? 'overdue' : 'not_due';
  const item = u.report.items.find((i) => i.taskCode === task.code);
  if (!item) return 'missing';
  return item.status ?? 'unknown';
}

const LEGEND: CellKey[] = [
  'done',
  'in_progress',
  'not_started',
  'not_applicable',
  'unknown',
  'missing',
  'overdue',
  'not_due',
  'not_asked',
];

/** The period's unit × task matrix in colour, its counts, and links to each unit. */
export function overviewPage(ctx: SignedContext): HttpResponse {
  const { deps } = ctx;
  const periods = allPeriods(ctx);
  const period = chosenPeriod(ctx, periods, () => periodForStatus(deps, ctx.now, null));
  if (isResponse(period)) return period;
  if (!period)
    return page(200, ctx.signed, {
      title: WEB.nav.overview,
      section: 'overview',
      body: html`<p>${WEB.overview.noUnits}</p>`,
    });
  const day = today(ctx);
  const { plan, overview } = overviewOf(deps, period, day);
  const version = overviewVersionOf(deps, period);
  const withDocuments = deps.documents.unitsWithDocuments(period.id);
  ctx.audit('web:view', { page: 'overview', periodId: period.id });
  const reported = overview.counts.on_time + overview.counts.late;
  const missing = overview.units.length - reported;
  const tasks = overview.tasks.map((t) => t.task);
  const unitHref = (unitId: string) => href(`/web/donvi/${segment(unitId)}`, { ky: period.id });
  const rows = overview.units.map(
    (u) =>
      html`<tr>
        <th class="u" scope="row">
          <a href="${unitHref(u.unit.id)}" title="${u.unit.name}">${u.unit.short}</a
          ><span class="cat cat-${u.category}">${CATEGORY_SHORT[u.category]}</span>${withDocuments.has(u.unit.id) ? html`<span class="cat cat-doc" title="${WEB.overview.documentsSent}">${WEB.overview.documentMark}</span>` : ''}
        </th>
        ${tasks.map((task) => {
          const key = cellOf(u, task);
          const mark = CELL_MARKS[key];
          return html`<td class="o c-${key}" title="${task.code}: ${mark.label}">${mark.mark}</td>`;
        })}
      </tr>`,
  );
  const tallies = overview.tasks.map(({ tally }) => {
    const asked = Object.values(tally).reduce((n, k) => n + k, 0);
    return html`<td>${tally.done}/${asked}</td>`;
  });
  const openDifficulties = allows(ACCESS.difficulties, ctx.signed.role)
    ? deps.difficulties.countByList().open
    : 0;
  const counts = html`<ul class="counts">
      <li>${WEB.overview.counts.units}<b>${overview.units.length}</b></li>
      <li>${WEB.overview.counts.on_time}<b>${overview.counts.on_time}</b></li>
      <li>${WEB.overview.counts.late}<b>${overview.counts.late}</b></li>
      <li>
        ${WEB.overview.counts.missing}<b>${missing}</b>${overview.counts.overdue > 0 ? html` <span class="muted">(${WEB.overview.counts.overdue} ${overview.counts.overdue})</span>` : ''}
      </li>
      <li>${WEB.overview.counts.documents}<b>${withDocuments.size}</b></li>
    </ul>
    ${
      allows(ACCESS.difficulties, ctx.signed.role) && openDifficulties > 0
        ? html`<p><a href="/web/vuongmac">${WEB.overview.openDifficulties(openDifficulties)}</a></p>`
        : ''
    }`;
  const matrix =
    overview.units.length === 0
      ? html`<p>${WEB.overview.noUnits}</p>`
      : html`<div class="scroll fit">
            <table class="matrix">
              <thead>
                <tr>
                  <th class="u" scope="col">${WEB.overview.unitColumn}</th>
                  ${tasks.map((t) => html`<th scope="col" title="${t.title}">${t.code}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
              <tfoot>
                <tr>
                  <th class="u" scope="row">${WEB.overview.tallyRow}</th>
                  ${tallies}
                </tr>
              </tfoot>
            </table>
          </div>
          <ul class="legend" aria-label="${WEB.overview.legend}">
            ${LEGEND.map(
              (k) => html`<li><span class="c-${k}">${CELL_MARKS[k].mark}</span>${CELL_MARKS[k].label}</li>`,
            )}<li><span class="cat-doc">${WEB.overview.documentMark}</span>${WEB.overview.documentsSent}</li>
          </ul>`;
  const body = html`<h1>${WEB.overview.title(periodLabel(period))}</h1>
    <p class="muted">${WEB.overview.plan(plan.number)} · ${deadlineLine(period, day)}</p>
    ${periodPicker(ctx, '/web', periods, period)}${counts}${matrix}
    <p class="muted">${WEB.overview.refreshNote}</p>`;
  return page(200, ctx.signed, {
    title: WEB.overview.title(periodLabel(period)),
    section: 'overview',
    body,
    flash: ctx.takeFlash(),
    poll: {
      url: href('/web/tinhhinh/phienban', { ky: period.id }),
      version,
      intervalMs: ctx.options.pollMs ?? 10_000,
    },
  });
}

/** The period's version, asked by the overview's script: it reloads when this changed. */
export function overviewVersion(ctx: SignedContext): HttpResponse {
  const period = chosenPeriod(ctx, allPeriods(ctx), () => periodForStatus(ctx.deps, ctx.now, null));
  if (isResponse(period)) return period;
  return {
    status: 200,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: period ? overviewVersionOf(ctx.deps, period) : '0',
  };
}
