import { officeOf } from '../../bot/deps';
import { webAudienceOf } from '../../bot/commands/web';
import { WEB } from '../../core/messages/web';
import type { HttpResponse } from '../../http/server';
import type { LinkState } from '../../storage/web';
import { SESSION_MS } from '../../storage/web';
import type { PageContext, SignedContext } from '../app';
import { html } from '../html';
import { home, page, redirect } from '../layout';
import { clearedCookie, sessionCookie } from '../session';

/** Whether the chat that made a link is still bound as it was then: its binding is the identity. */
function stillBound(
  ctx: PageContext,
  link: { chatId: string; role: string; unitId: string | null },
): boolean {
  const chat = ctx.deps.chats.get(link.chatId);
  return Boolean(chat && !chat.gone && chat.role === link.role && chat.unitId === link.unitId);
}

function refusedLink(
  ctx: PageContext,
  state: Exclude<LinkState, { type: 'ok' }> | { type: 'unbound' },
): HttpResponse {
  const message =
    state.type === 'unknown'
      ? WEB.signIn.unknown
      : state.type === 'used'
        ? WEB.signIn.used
        : state.type === 'expired'
          ? WEB.signIn.expired
          : WEB.signIn.unbound(officeOf(ctx.deps).name);
  const chat = 'chatId' in state ? { chat: state.chatId } : {};
  return ctx.refuse(state.type === 'unknown' ? 404 : 410, `link-${state.type}`, message, chat);
}

/**
 * GET on the link: a page with one button, and nothing used up — chat apps fetch links to show previews,
 * and such a fetch must leave the link as it was.
 */
export function showSignIn(ctx: PageContext, [token]: string[]): HttpResponse {
  const state = ctx.deps.web.peekLink(token ?? '', ctx.now);
  if (state.type !== 'ok') return refusedLink(ctx, state);
  if (!stillBound(ctx, state.link)) return refusedLink(ctx, { type: 'unbound' });
  const who = webAudienceOf(ctx.deps, state.link);
  const timeZone = ctx.deps.planSet.organisation.ward.timeZone;
  // The form posts to this same address: the token in it is the proof.
  const body = html`<div class="signin">
    <h1>${WEB.signIn.title}</h1>
    <p>${WEB.signIn.intro(who)}</p>
    <p class="muted">${WEB.signIn.expires(state.link.expiresAt, timeZone)}</p>
    <form method="post"><button type="submit">${WEB.signIn.button}</button></form>
  </div>`;
  return page(200, null, { title: WEB.signIn.title, section: null, body });
}

/** POST on the link (the button, or a POST sent directly): uses it once and opens the session. */
export function completeSignIn(ctx: PageContext, [token]: string[]): HttpResponse {
  const { deps, now } = ctx;
  const state = deps.web.peekLink(token ?? '', now);
  if (state.type !== 'ok') return refusedLink(ctx, state);
  if (!stillBound(ctx, state.link)) return refusedLink(ctx, { type: 'unbound' });
  const used = deps.web.useLink(token ?? '', now, SESSION_MS);
  if (used.type !== 'ok') return refusedLink(ctx, used);
  const { session } = used;
  deps.audit.write(now, session.chatId, session.role, 'web:sign-in', {
    via: 'web',
    session: session.id,
    expiresAt: session.expiresAt.toISOString(),
    address: ctx.address,
  });
  const chat = deps.chats.get(session.chatId);
  const to = chat ? home({ role: session.role, chat }) : '/web';
  return redirect(to, {
    'set-cookie': sessionCookie(used.token, Math.floor(SESSION_MS / 1000), ctx.options.secure),
  });
}

/** Ends the session here and now. */
export function signOut(ctx: SignedContext): HttpResponse {
  ctx.deps.web.end(ctx.signed.session.id, ctx.now, 'signed-out');
  ctx.audit('web:sign-out');
  const response = page(200, null, {
    title: WEB.nav.signOut,
    section: null,
    body: html`<div class="signin">
      <h1>${WEB.signedOut}</h1>
      <p>${WEB.refused.howToSignIn}</p>
    </div>`,
  });
  return { ...response, headers: { ...response.headers, 'set-cookie': clearedCookie(ctx.options.secure) } };
}
