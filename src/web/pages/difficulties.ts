import { plain } from '../../core/messages/format';
import { WEB } from '../../core/messages/web';
import type { HttpResponse } from '../../http/server';
import { escalatedPhrase } from '../../core/messages/difficulties';
import type { Difficulty, DifficultyList } from '../../storage/difficulties';
import { ACCESS, allows } from '../access';
import type { SignedContext } from '../app';
import type { Html } from '../html';
import { href, html, segment } from '../html';
import { page, redirect } from '../layout';

/** The tabs of the page: each item in one of them (and in `all`). */
const LISTS: readonly DifficultyList[] = ['open', 'escalated', 'answered', 'closed', 'all'];
type Filter = DifficultyList;

const PAGE_SIZE = 50;
/** Longest answer (or escalation note) taken from the page: a chat message, not a document. */
const MAX_ANSWER = 3000;
const MAX_NOTE = 500;

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function filterOf(value: string | null): Filter {
  return LISTS.find((l) => l === value) ?? 'open';
}

/**
 * One difficulty: who raised it and when, its text, its answer; and for the office, on the difficulties
 * page (`loc`: the tab to come back to), the forms that answer and close it.
 */
export function difficultyCard(ctx: SignedContext, d: Difficulty, loc: Filter | null): Html {
  const { deps, signed } = ctx;
  const unit = deps.responsibility.units.get(d.unitId);
  const hidden = html`<input type="hidden" name="_csrf" value="${signed.csrf}"><input type="hidden" name="loc" value="${loc ?? 'open'}">`;
  const canAct = loc !== null && allows(ACCESS.act, signed.role) && d.status !== 'closed';
  const action = (what: string) => `/web/vuongmac/${d.id}/${what}`;
  const escalate = d.escalatedAt
    ? ''
    : html`<form method="post" action="${action('chuyencap')}">${hidden}<label for="cc-${d.id}">${WEB.difficulties.escalateLabel}</label>
<div class="inline"><input type="text" id="cc-${d.id}" name="noinhan" maxlength="${MAX_NOTE}"><button type="submit" class="quiet">${WEB.difficulties.escalate}</button></div></form>`;
  const actions = canAct
    ? html`<div class="actions">
<form method="post" action="${action('traloi')}">${hidden}<label for="tl-${d.id}">${WEB.difficulties.answerLabel}</label>
<textarea id="tl-${d.id}" name="noidung" required maxlength="${MAX_ANSWER}"></textarea><button type="submit">${WEB.difficulties.sendAnswer}</button></form>
${escalate}
<form method="post" action="${action('dong')}">${hidden}<button type="submit" class="quiet">${WEB.difficulties.close}</button></form>
</div>`
    : '';
  const unitLink =
    loc !== null && unit
      ? html`<a href="/web/donvi/${segment(unit.id)}">${unit.short}</a>`
      : (unit?.short ?? d.unitId);
  const status =
    d.status === 'open' && d.escalatedAt
      ? WEB.difficulties.filters.escalated
      : WEB.difficulties.status[d.status];
  const escalated = d.escalatedAt
    ? html`<p class="muted">${upperFirst(escalatedPhrase(d.escalatedAt, d.escalatedTo, signed.timeZone))}.</p>`
    : '';
  const answer = d.answer
    ? html`<div class="answer"><b>${WEB.difficulties.answer}</b>${
        d.answeredAt ? html` <span class="muted">(${WEB.time(d.answeredAt, signed.timeZone)})</span>` : ''
      }: ${d.answer}</div>`
    : '';
  return html`<div class="card" id="vm-${d.id}"><h3>${WEB.difficulties.number(d.id)} – ${unitLink} <span class="muted">· ${WEB.difficulties.raised} ${WEB.time(d.raisedAt, signed.timeZone)} · ${status}</span></h3>
<p>${d.text}</p>${escalated}${answer}${actions}</div>`;
}

/**
 * Open, escalated, answered and closed difficulties, fifty to a page; the office answers, escalates and
 * closes them here.
 */
export function difficultiesPage(ctx: SignedContext): HttpResponse {
  const { deps, signed } = ctx;
  const filter = filterOf(ctx.request.query.get('loc'));
  const counts = deps.difficulties.countByList();
  const pageNo = Math.max(1, Math.floor(Number(ctx.request.query.get('trang') ?? '1')) || 1);
  const { items, total } = deps.difficulties.page(filter, (pageNo - 1) * PAGE_SIZE, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  ctx.audit('web:view', { page: 'difficulties', filter, pageNo });
  const tabs = html`<ul class="tabs">
    ${LISTS.map(
      (f) =>
        html`<li>
          <a href="${href('/web/vuongmac', { loc: f })}" class="${f === filter ? 'here' : ''}"
            >${WEB.difficulties.filters[f]} (${counts[f]})</a
          >
        </li>`,
    )}
  </ul>`;
  const pager =
    pages > 1
      ? html`<p class="muted">
          ${pageNo > 1 ? html`<a href="${href('/web/vuongmac', { loc: filter, trang: pageNo - 1 })}">${WEB.difficulties.previous}</a> · ` : ''}${WEB.difficulties.page(pageNo, pages)}${
            pageNo < pages
              ? html` ·
                  <a href="${href('/web/vuongmac', { loc: filter, trang: pageNo + 1 })}"
                    >${WEB.difficulties.next}</a
                  >`
              : ''
          }
        </p>`
      : '';
  const body = html`<h1>${WEB.difficulties.title}</h1>
    ${tabs}${
      items.length === 0
        ? html`<p>${WEB.difficulties.none}</p>`
        : items.map((d) => difficultyCard(ctx, d, filter))
    }${pager}`;
  return page(200, signed, {
    title: WEB.difficulties.title,
    section: 'difficulties',
    body,
    flash: ctx.takeFlash(),
  });
}

/**
 * Answers, escalates or closes a difficulty with the very command the office would type (`/traloi`,
 * `/chuyencap`, `/dong`): the same checks, the same notice to the unit's chat, the same audit. Its reply
 * is shown on the page.
 */
export function answerDifficulty(ctx: SignedContext, [id, action]: string[]): HttpResponse {
  const back = href('/web/vuongmac', { loc: filterOf(ctx.form.get('loc')) });
  let result;
  if (action === 'traloi') {
    const text = (ctx.form.get('noidung') ?? '').trim();
    if (!text || text.length > MAX_ANSWER) {
      ctx.flash(text ? WEB.difficulties.tooLong(MAX_ANSWER) : WEB.difficulties.emptyAnswer, true);
      return redirect(back);
    }
    result = ctx.bot.runForWeb(ctx.signed.chat, 'traloi', `${id} ${text}`);
  } else if (action === 'chuyencap') {
    const to = (ctx.form.get('noinhan') ?? '').trim().replace(/\s+/g, ' ');
    if (to.length > MAX_NOTE) {
      ctx.flash(WEB.difficulties.tooLong(MAX_NOTE), true);
      return redirect(back);
    }
    result = ctx.bot.runForWeb(ctx.signed.chat, 'chuyencap', `${id} ${to}`);
  } else {
    result = ctx.bot.runForWeb(ctx.signed.chat, 'dong', id ?? '');
  }
  const done = /^(answer|close|escalate):\d+$/.test(result.outcome);
  ctx.flash(result.replies.map((r) => plain(r.text)).join('\n'), !done);
  return redirect(`${back}#vm-${id}`);
}
