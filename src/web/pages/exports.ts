import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportFileStem } from '../../core/messages/exports';
import { plain } from '../../core/messages/format';
import { periodLabel } from '../../core/messages/labels';
import { WEB } from '../../core/messages/web';
import type { Period } from '../../core/periods/periods';
import type { HttpResponse } from '../../http/server';
import { periodForStatus, planOf } from '../../queries/periods';
import type { SignedContext } from '../app';
import { href, html, segment } from '../html';
import { errorPage, page, redirect } from '../layout';
import { attachment, contentTypeOf } from '../download';
import { allPeriods, chosenPeriod, isResponse, periodPicker } from './common';

/** The files `/xuat` makes: an ASCII name with the plan and period, of these kinds only. */
const EXPORT_FILE = /^KH[A-Za-z0-9-]*-[A-Za-z0-9._-]+\.(xlsx|docx|zip)$/;

interface MadeFile {
  name: string;
  size: number;
  at: Date;
}

/** The period's files in the export folder, newest first. */
function filesOf(ctx: SignedContext, period: Period): MadeFile[] {
  const dir = ctx.deps.settings.exportDir;
  const stem = `${exportFileStem(planOf(ctx.deps, period), period)}-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(stem) && EXPORT_FILE.test(n))
    .flatMap((name) => {
      const stat = statSync(join(dir, name), { throwIfNoEntry: false });
      return stat?.isFile() ? [{ name, size: stat.size, at: stat.mtime }] : [];
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime() || a.name.localeCompare(b.name));
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

function exportPeriod(ctx: SignedContext, asked: string | null): Period | HttpResponse | null {
  const periods = allPeriods(ctx);
  if (asked !== null)
    return periods.find((p) => p.id === asked) ?? errorPage(404, WEB.refused.notFound, ctx.signed);
  return chosenPeriod(ctx, periods, () => periodForStatus(ctx.deps, ctx.now, null));
}

/** The period's spreadsheet and draft reports: made here by `/xuat`'s own code, and downloaded. */
export function exportsPage(ctx: SignedContext): HttpResponse {
  const period = exportPeriod(ctx, null);
  if (isResponse(period)) return period;
  if (!period) return errorPage(404, WEB.refused.notFound, ctx.signed);
  const files = filesOf(ctx, period);
  ctx.audit('web:view', { page: 'exports', periodId: period.id });
  const list =
    files.length === 0
      ? html`<p>${WEB.exports.none}</p>`
      : html`<div class="scroll">
          <table>
            <thead>
              <tr>
                <th>${WEB.exports.name}</th>
                <th>${WEB.exports.size}</th>
                <th>${WEB.exports.at}</th>
              </tr>
            </thead>
            <tbody>
              ${files.map(
                (f) =>
                  html`<tr>
                    <td><a href="/web/xuat/tep/${segment(f.name)}" download>${f.name}</a></td>
                    <td>${sizeText(f.size)}</td>
                    <td>${WEB.time(f.at, ctx.signed.timeZone)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
  const body = html`<h1>${WEB.exports.title} – ${periodLabel(period)}</h1>
    <p class="muted">${WEB.exports.intro}</p>
    ${periodPicker(ctx, '/web/xuat', allPeriods(ctx), period)}
    <form method="post" action="/web/xuat">
      <input type="hidden" name="_csrf" value="${ctx.signed.csrf}" /><input
        type="hidden"
        name="ky"
        value="${period.id}"
      /><button type="submit">${WEB.exports.make}</button>
    </form>
    <h2>${WEB.exports.files}</h2>
    ${list}`;
  return page(200, ctx.signed, {
    title: WEB.exports.title,
    section: 'exports',
    body,
    flash: ctx.takeFlash(),
  });
}

/**
 * Makes the period's files by running `/xuat` for the session's chat (the same model, the same renderers,
 * the same audit), then comes back to the list. Nothing is sent to the chat.
 */
export async function makeExport(ctx: SignedContext): Promise<HttpResponse> {
  const period = exportPeriod(ctx, ctx.form.get('ky') ?? '');
  if (isResponse(period)) return period;
  if (!period) return errorPage(404, WEB.refused.notFound, ctx.signed);
  const back = href('/web/xuat', { ky: period.id });
  const result = ctx.bot.runForWeb(ctx.signed.chat, 'xuat', period.id);
  const render = result.replies.find((r) => r.render)?.render;
  if (!render) {
    ctx.flash(result.replies.map((r) => plain(r.text)).join('\n'), true);
    return redirect(back);
  }
  try {
    const made = await render();
    ctx.flash(WEB.exports.made(made.length));
  } catch (err) {
    ctx.options.logger.error('web page: export files not made', { period: period.id, err });
    ctx.flash(WEB.exports.failed, true);
  }
  return redirect(back);
}

/** One of the files, as an attachment. */
export function downloadExport(ctx: SignedContext, [name]: string[]): HttpResponse {
  if (!name || !EXPORT_FILE.test(name)) return errorPage(404, WEB.refused.notFound, ctx.signed);
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const response = attachment(join(ctx.deps.settings.exportDir, name), name, contentTypeOf(extension));
  if (!response) return errorPage(404, WEB.refused.notFound, ctx.signed);
  ctx.audit('web:download', { file: name });
  return response;
}
