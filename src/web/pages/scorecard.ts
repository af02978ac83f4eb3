import { currentPlan } from '../../bot/deps';
import { WEB } from '../../core/messages/web';
import type { HttpResponse } from '../../http/server';
import { scorecardOf } from '../../queries/scorecard';
import type { SignedContext } from '../app';
import { html, segment } from '../html';
import { errorPage, page } from '../layout';
import { today } from './common';

/** The year's scorecard of the current plan (`/xephang`), best first. */
export function scorecardPage(ctx: SignedContext): HttpResponse {
  const { deps, signed } = ctx;
  const plan = currentPlan(deps);
  const thisYear = Number(today(ctx).slice(0, 4));
  const asked = ctx.request.query.get('nam');
  const year = asked === null ? Math.min(Math.max(thisYear, plan.span.from), plan.span.to) : Number(asked);
  if (!Number.isInteger(year) || year < plan.span.from || year > plan.span.to)
    return errorPage(404, WEB.refused.notFound, signed);
  const rows = scorecardOf(deps, plan, year, ctx.now);
  ctx.audit('web:view', { page: 'scorecard', year });
  const years: number[] = [];
  for (let y = plan.span.from; y <= plan.span.to; y++) years.push(y);
  const c = WEB.scorecard.columns;
  const linksUnits = signed.role !== 'unit';
  const table =
    rows.length === 0
      ? html`<p>${WEB.scorecard.none}</p>`
      : html`<div class="scroll">
          <table>
            <thead>
              <tr>
                <th>${c.rank}</th>
                <th>${c.unit}</th>
                <th>${c.due}</th>
                <th>${c.onTime}</th>
                <th>${c.late}</th>
                <th>${c.missing}</th>
                <th>${c.tasks}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (r) =>
                  html`<tr>
                    <td>${r.rank}</td>
                    <th scope="row">
                      ${linksUnits ? html`<a href="/web/donvi/${segment(r.unit.id)}">${r.unit.short}</a>` : r.unit.short}
                    </th>
                    <td>${r.due}</td>
                    <td>${r.onTime}</td>
                    <td>${r.late}</td>
                    <td>${r.missing}</td>
                    <td>${r.tasksAsked > 0 ? `${r.tasksDone}/${r.tasksAsked}` : '–'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
  const body = html`<h1>${WEB.scorecard.title(year)}</h1>
    <p class="muted">${WEB.overview.plan(plan.number)} · ${WEB.scorecard.order}</p>
    <form class="inline" method="get" action="/web/xephang">
      <label for="nam">${WEB.scorecard.year}</label
      ><select id="nam" name="nam">
        ${years.map(
          (y) => html`<option value="${y}" ${y === year ? html` selected` : ''}>${y}</option>`,
        )}</select
      ><button type="submit" class="quiet">${WEB.overview.show}</button>
    </form>
    ${table}`;
  return page(200, signed, {
    title: WEB.scorecard.title(year),
    section: 'scorecard',
    body,
    flash: ctx.takeFlash(),
  });
}
