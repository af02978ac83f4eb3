import type { HttpResponse } from '../http/server';
import { WEB } from '../core/messages/web';
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from './assets';
import type { HtmlValue } from './html';
import { Html, href, html, segment } from './html';
import type { Signed } from './app';
import { ACCESS, allows } from './access';

/** Headers every answer of the page carries: nothing cached, sniffed, framed, or leaked by referrer. */
export const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The sign-in link carries its token in the path: no other site may learn it from a Referer.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'content-security-policy': CONTENT_SECURITY_POLICY,
};

export type Section = 'overview' | 'difficulties' | 'exports' | 'scorecard' | 'unit' | null;

export interface PageParts {
  title: string;
  section: Section;
  body: HtmlValue;
  /** The overview's refresh: where to ask for the version, and the version shown. */
  poll?: { url: string; version: string; intervalMs: number };
  flash?: { text: string; error: boolean } | null;
}

function nav(signed: Signed, section: Section): Html {
  const link = (s: Section, path: string, label: string) =>
    html`<a href="${path}" class="${s === section ? 'here' : ''}">${label}</a>`;
  const role = signed.role;
  const items: Html[] = [];
  if (allows(ACCESS.overview, role)) items.push(link('overview', '/web', WEB.nav.overview));
  if (role === 'unit' && signed.chat.unitId)
    items.push(link('unit', `/web/donvi/${segment(signed.chat.unitId)}`, WEB.nav.unit));
  if (allows(ACCESS.difficulties, role))
    items.push(link('difficulties', '/web/vuongmac', WEB.nav.difficulties));
  if (allows(ACCESS.exports, role)) items.push(link('exports', '/web/xuat', WEB.nav.exports));
  if (allows(ACCESS.scorecard, role)) items.push(link('scorecard', '/web/xephang', WEB.nav.scorecard));
  return html`<nav>
    ${items}
    <form method="post" action="/web/dangxuat">
      <input type="hidden" name="_csrf" value="${signed.csrf}" /><button type="submit">
        ${WEB.nav.signOut}
      </button>
    </form>
  </nav>`;
}

/** A whole page: the header with what this session may open, the notice, the body. */
export function page(status: number, signed: Signed | null, parts: PageParts): HttpResponse {
  const poll = parts.poll;
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${parts.title} – ${WEB.siteTitle}</title>${STYLE_ELEMENT}</head>
<body${poll ? html` data-poll="${poll.url}" data-version="${poll.version}" data-interval="${poll.intervalMs}"` : ''}>
<header><div class="brand">${WEB.siteTitle}</div>${signed ? nav(signed, parts.section) : ''}${
    signed
      ? html`<div class="who">${WEB.signedInAs(signed.audience, signed.session.expiresAt, signed.timeZone)}</div>`
      : ''
  }</header>
<main>${parts.flash ? html`<p class="flash${parts.flash.error ? ' error' : ''}" role="status">${parts.flash.text}</p>` : ''}${parts.body}</main>
${poll ? SCRIPT_ELEMENT : ''}
</body></html>`;
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS },
    body: body.markup,
  };
}

// The style and the script are our own constants, allowed by their hashes: written exactly as hashed,
// not a character added around them.
const STYLE_ELEMENT = new Html(`<style>${STYLE}</style>`);
const SCRIPT_ELEMENT = new Html(`<script>${SCRIPT}</script>`);

/** A page that says why not, with the way back. */
export function errorPage(status: number, message: string, signed: Signed | null): HttpResponse {
  const body = html`<h1>${message}</h1>
    ${
      status === 401 ? html`<p>${WEB.refused.howToSignIn}</p>` : ''
    }${signed ? html`<p><a href="${home(signed)}">${WEB.refused.back}</a></p>` : ''}`;
  return page(status, signed, { title: message, section: null, body });
}

/** Where a session starts: the overview, or for a unit's chat its own unit's page. */
export function home(signed: Pick<Signed, 'role' | 'chat'>): string {
  return signed.role === 'unit' && signed.chat.unitId ? `/web/donvi/${segment(signed.chat.unitId)}` : '/web';
}

/** After a form: back to a page (Post/Redirect/Get, so a reload does not send the form again). */
export function redirect(location: string, headers: Record<string, string> = {}): HttpResponse {
  return { status: 303, headers: { location, ...SECURITY_HEADERS, ...headers } };
}

export { href };
