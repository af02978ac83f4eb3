import { officeOf, periodsForUnit } from '../../bot/deps';
import { formatSize } from '../../core/documents';
import { periodLabel, statusLabel } from '../../core/messages/labels';
import { deadlineLine } from '../../core/messages/status';
import { formatDate } from '../../core/messages/dates';
import { CATEGORY_SHORT, WEB } from '../../core/messages/web';
import type { Task } from '../../core/plan/types';
import { tasksInPeriod } from '../../core/report/evaluate';
import { categoryOf } from '../../core/status';
import type { HttpResponse } from '../../http/server';
import { periodForUnit, planOf } from '../../queries/periods';
import type { ReportDocument } from '../../storage/documents';
import type { StoredReport } from '../../storage/reports';
import { ACCESS, allows } from '../access';
import type { SignedContext } from '../app';
import type { Html } from '../html';
import { html } from '../html';
import { errorPage, page } from '../layout';
import { allPeriods, chosenPeriod, isResponse, periodPicker, today } from './common';
import { difficultyCard } from './difficulties';
import { downloadName } from './documents';

function revisionCard(ctx: SignedContext, r: StoredReport, latest: boolean): Html {
  const when = WEB.time(r.submittedAt, ctx.signed.timeZone);
  const from = [r.senderName, r.chatTitle ? `"${r.chatTitle}"` : null].filter(Boolean).join(', ');
  return html`<div class="card">
    <h3>
      ${WEB.unit.revision(r.revision)} · ${when} ·
      <span class="cat cat-${r.late ? 'late' : 'on_time'}">${r.late ? WEB.unit.late : WEB.unit.onTime}</span
      >${latest ? html` <span class="muted">(${WEB.unit.latest})</span>` : ''}
    </h3>
    ${from ? html`<p class="muted">${WEB.unit.sender}: ${from}</p>` : ''}
    <div class="scroll">
      <table>
        <tbody>
          ${r.items.map(
            (i) =>
              html`<tr>
                <th scope="row">${i.taskCode}</th>
                <td>${statusLabel(i.status)}</td>
                <td>
                  ${i.result}${i.figures.length > 0 ? html`<div class="muted">${i.figures.join('; ')}</div>` : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${r.proposals.length > 0 ? html`<p>${WEB.unit.proposals}: ${r.proposals.join('; ')}</p>` : ''}
  </div>`;
}

/**
 * A unit's page for a period: its tasks, lead and coordinating, with this period's status; every revision
 * of its report, with time, on-time or late mark and sender; its difficulties. A unit's own session sees
 * its own unit's page only.
 */
export function unitPage(ctx: SignedContext, [unitId]: string[]): HttpResponse {
  const { deps, signed } = ctx;
  const unit = unitId ? deps.responsibility.units.get(unitId) : undefined;
  if (!unit) return errorPage(404, WEB.refused.notFound, signed);
  if (signed.role === 'unit' && signed.chat.unitId !== unit.id)
    return ctx.refuse(403, 'other-unit', WEB.refused.otherUnit, { unitId: unit.id });
  const own = periodsForUnit(deps, unit.id);
  const periods = own.length > 0 ? own : allPeriods(ctx);
  const period = chosenPeriod(ctx, periods, () => periodForUnit(deps, unit.id, ctx.now, null));
  if (isResponse(period)) return period;
  if (!period) return errorPage(404, WEB.refused.notFound, signed);
  const plan = planOf(deps, period);
  const day = today(ctx);
  const history = deps.reports.history(period.id, unit.id);
  const latest = history[0] ?? null;
  const first = history.at(-1) ?? null;
  const category = categoryOf(first ? { firstLate: first.late } : null, period, day);
  const asked = new Set(tasksInPeriod(deps.responsibility.reportableTasks(plan, unit.id), period));
  const { lead, coordinate } = deps.responsibility.tasksOf(plan, unit.id);
  ctx.audit('web:view', { page: 'unit', unitId: unit.id, periodId: period.id });

  const taskRow = (task: Task, role: string) => {
    const item = latest?.items.find((i) => i.taskCode === task.code);
    const status = !task.reported
      ? html`<span class="muted">${WEB.unit.notReported}</span>`
      : !asked.has(task)
        ? html`<span class="muted">${WEB.unit.notAsked}</span>`
        : item
          ? statusLabel(item.status)
          : latest
            ? WEB.unit.missingInReport
            : '';
    return html`<tr>
      <th scope="row">${task.code}</th>
      <td>${task.title}</td>
      <td>${role}</td>
      <td>${status}</td>
    </tr>`;
  };
  const tasks =
    lead.length + coordinate.length === 0
      ? html`<p>${WEB.unit.noTasks}</p>`
      : html`<div class="scroll">
          <table>
            <thead>
              <tr>
                <th>${WEB.unit.code}</th>
                <th>${WEB.unit.task}</th>
                <th>${WEB.unit.role}</th>
                <th>${WEB.unit.currentStatus}</th>
              </tr>
            </thead>
            <tbody>
              ${[
                ...lead.map((t) => taskRow(t, WEB.unit.lead)),
                ...coordinate.map((t) => taskRow(t, WEB.unit.coordinate)),
              ]}
            </tbody>
          </table>
        </div>`;
  const revisions =
    history.length === 0
      ? html`<p>${WEB.unit.noReport(formatDate(period.deadlineOn))}</p>`
      : history.map((r, i) => revisionCard(ctx, r, i === 0));
  const documents = deps.documents.ofUnit(period.id, unit.id);
  const office = officeOf(deps).name;
  const documentRow = (d: ReportDocument) =>
    html`<tr><td><a href="/web/vanban/${d.id}" download>${downloadName(d, unit.short, signed.timeZone)}</a>${
      d.revision !== null
        ? html` <span class="muted">(${WEB.unit.revision(d.revision).toLowerCase()})</span>`
        : ''
    }</td><td>${formatSize(d.size)}</td><td>${WEB.time(d.receivedAt, signed.timeZone)}</td><td>${d.senderName ?? ''}</td></tr>`;
  const documentList =
    documents.length === 0
      ? html`<p>${WEB.unit.noDocuments}</p>`
      : allows(ACCESS.documents, signed.role)
        ? html`<div class="scroll"><table><thead><tr><th>${WEB.unit.document}</th><th>${WEB.unit.size}</th><th>${WEB.unit.received}</th><th>${WEB.unit.sender}</th></tr></thead><tbody>${documents.map(documentRow)}</tbody></table></div>`
        : html`<p>${WEB.unit.documentsHidden(documents.length, office)}</p>`;
  const seesDifficulties = allows(ACCESS.difficulties, signed.role) || signed.role === 'unit';
  const difficulties = seesDifficulties ? deps.difficulties.ofUnit(unit.id) : [];
  const body = html`<h1>${unit.name}</h1>
    <p class="muted">
      ${WEB.overview.plan(plan.number)} · ${periodLabel(period)} · ${deadlineLine(period, day)}
      <span class="cat cat-${category}">${CATEGORY_SHORT[category]}</span>
    </p>
    ${periodPicker(ctx, `/web/donvi/${encodeURIComponent(unit.id)}`, periods, period)}
    <h2>${WEB.unit.tasks}</h2>
    ${tasks}
    <h2>${WEB.unit.revisions}</h2>
    ${revisions}
    <h2>${WEB.unit.documents}</h2>
    ${documentList}
    ${
      seesDifficulties
        ? html`<h2>${WEB.unit.difficulties}</h2>
            ${
              difficulties.length === 0
                ? html`<p>${WEB.unit.noDifficulties}</p>`
                : difficulties.map((d) => difficultyCard(ctx, d, null))
            }`
        : ''
    }`;
  return page(200, signed, { title: unit.short, section: 'unit', body, flash: ctx.takeFlash() });
}
