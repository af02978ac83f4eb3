import type { Period } from '../../core/periods/periods';
import { periodLabel } from '../../core/messages/labels';
import { WEB } from '../../core/messages/web';
import { localDateOf } from '../../core/time';
import { timeZoneOf } from '../../bot/deps';
import type { HttpResponse } from '../../http/server';
import type { PageContext, SignedContext } from '../app';
import type { Html } from '../html';
import { html } from '../html';
import { errorPage } from '../layout';

export function today(ctx: PageContext): string {
  return localDateOf(ctx.now, timeZoneOf(ctx.deps));
}

/**
 * The period the query names (`?ky=<period id>`) among those this page offers, the default when it names
 * none, or a 404 page when it names one not offered.
 */
export function chosenPeriod(
  ctx: SignedContext,
  offered: readonly Period[],
  fallback: () => Period | null,
): Period | HttpResponse | null {
  const asked = ctx.request.query.get('ky');
  if (!asked) return fallback();
  return offered.find((p) => p.id === asked) ?? errorPage(404, WEB.refused.notFound, ctx.signed);
}

export function isResponse(value: unknown): value is HttpResponse {
  return typeof value === 'object' && value !== null && 'status' in value;
}

/** The periods to choose from, grouped by plan, in a form that reloads the page with the one chosen. */
export function periodPicker(
  ctx: PageContext,
  action: string,
  periods: readonly Period[],
  chosen: Period,
): Html {
  const plans = ctx.deps.planSet.plans.filter((plan) => periods.some((p) => p.planId === plan.id));
  const option = (p: Period) =>
    html`<option value="${p.id}" ${p.id === chosen.id ? html` selected` : ''}>${periodLabel(p)}</option>`;
  const options =
    plans.length > 1
      ? plans.map(
          (plan) =>
            html`<optgroup label="${WEB.overview.plan(plan.number)}">
              ${periods.filter((p) => p.planId === plan.id).map(option)}
            </optgroup>`,
        )
      : periods.map(option);
  return html`<form class="inline" method="get" action="${action}">
    <label for="ky">${WEB.overview.choosePeriod}</label>
    <select id="ky" name="ky">
      ${options}</select
    ><button type="submit" class="quiet">${WEB.overview.show}</button>
  </form>`;
}

/** Every period of the loaded plans that is not cancelled, by plan then deadline. */
export function allPeriods(ctx: PageContext): Period[] {
  return ctx.deps.planSet.plans.flatMap((plan) =>
    ctx.deps.periods
      .ofPlan(plan.id)
      .filter((p) => !p.cancelled)
      .sort((a, b) => a.deadlineOn.localeCompare(b.deadlineOn)),
  );
}
