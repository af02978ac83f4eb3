import type { Bot } from '../bot/bot';
import type { BotDeps } from '../bot/deps';
import { timeZoneOf } from '../bot/deps';
import { webAudienceOf } from '../bot/commands/web';
import type { WebAudience } from '../core/messages/web';
import { WEB } from '../core/messages/web';
import type { HttpRequest, HttpResponse, HttpRoutes } from '../http/server';
import { secretMatches } from '../http/secret';
import type { Logger } from '../log';
import type { ChatRecord, Role } from '../storage/chats';
import { isStorageFailure } from '../storage/db';
import type { WebSession } from '../storage/web';
import { errorPage } from './layout';
import type { Routes } from './routes';
import { webRoutes } from './routes';
import { AttemptLimiter, clientAddress, cookieOf, COOKIE, csrfToken } from './session';

export interface WebOptions {
  deps: BotDeps;
  bot: Bot;
  logger: Logger;
  /** The page is served over https (WEB_PUBLIC_URL): the cookie is then Secure. */
  secure: boolean;
  /** The origin browsers see (from WEB_PUBLIC_URL), checked against a form's Origin; null: the request's Host. */
  publicOrigin: string | null;
  /** How often the overview asks whether a report arrived, in ms. */
  pollMs?: number;
  /** Sign-in attempts (and requests without a session) allowed per address and overall, per window. */
  attempts?: { perKey: number; overall: number; windowMs: number };
}

/** A signed-in session, checked against its chat's binding as it is now. */
export interface Signed {
  session: WebSession;
  chat: ChatRecord;
  role: Role;
  audience: WebAudience;
  /** The ward's time zone, for every time the page shows. */
  timeZone: string;
  /** The token forms of this session carry. */
  csrf: string;
}

/** One request as a page sees it. */
export interface PageContext {
  readonly deps: BotDeps;
  readonly bot: Bot;
  readonly options: WebOptions;
  readonly request: HttpRequest;
  readonly now: Date;
  readonly address: string;
  /** The form's fields (POST). */
  readonly form: URLSearchParams;
  readonly signed: Signed | null;
  /** Writes to the audit log as the session's chat (or as nobody, before sign-in), marked `via: 'web'`. */
  audit(action: string, detail?: Record<string, unknown>): void;
  /** A refusal: audited, and answered with a page that says why. */
  refuse(status: number, reason: string, message: string, detail?: Record<string, unknown>): HttpResponse;
  /** A notice shown once, on the next page this session opens. */
  flash(text: string, error?: boolean): void;
  takeFlash(): { text: string; error: boolean } | null;
}

/** The context of a page that only a signed-in session reaches. */
export type SignedContext = PageContext & { readonly signed: Signed };

/**
 * The office's web page: every request goes through one guard — the route, then the session and its
 * chat's binding, then the route's roles, then (for forms) the CSRF token — before a page sees it. Every
 * refusal is audited. Only the sign-in route is open.
 */
export class WebApp {
  private readonly routes: Routes;
  private readonly limiter: AttemptLimiter;
  private readonly flashes = new Map<number, { text: string; error: boolean }>();

  constructor(readonly options: WebOptions) {
    this.routes = webRoutes();
    this.limiter = new AttemptLimiter(
      options.attempts ?? { perKey: 30, overall: 300, windowMs: 10 * 60_000 },
      () => options.deps.clock().getTime(),
    );
  }

  async handle(request: HttpRequest): Promise<HttpResponse> {
    try {
      return await this.route(request);
    } catch (err) {
      if (!isStorageFailure(err)) throw err;
      this.options.logger.error('web page: the database refused', { path: request.path, err });
      return errorPage(503, WEB.refused.storage, null);
    }
  }

  private async route(request: HttpRequest): Promise<HttpResponse> {
    const { deps } = this.options;
    const now = deps.clock();
    const found = this.routes.match(request.method, request.path);
    const context = this.context(request, now, null);
    if (!found) return errorPage(404, WEB.refused.notFound, null);
    const { route, params } = found;
    if (route.roles === 'open') {
      const attempt = this.limiter.attempt(context.address);
      if (!attempt.allowed) return this.tooMany(context, attempt.first);
      return route.handle(context, params);
    }
    const signed = this.signedIn(request, now);
    if (!signed) {
      // Requests without a session count like sign-in attempts: nobody tries tokens here either.
      const attempt = this.limiter.attempt(context.address);
      if (!attempt.allowed) return this.tooMany(context, attempt.first);
      return context.refuse(401, 'signed-out', WEB.refused.signedOut);
    }
    const ctx = this.context(request, now, signed) as SignedContext;
    if (!route.roles.includes(signed.role)) return ctx.refuse(403, 'role', WEB.refused.role);
    if (request.method === 'POST' && !this.formIsOurs(ctx)) return ctx.refuse(403, 'csrf', WEB.refused.csrf);
    return route.handle(ctx, params);
  }

  private tooMany(context: PageContext, first: boolean): HttpResponse {
    // The first refusal of a window is audited; the rest of a flood is not, so it cannot fill the log.
    if (first) return context.refuse(429, 'rate-limited', WEB.signIn.tooMany);
    return errorPage(429, WEB.signIn.tooMany, null);
  }

  /**
   * The session the cookie opens, if its chat is still bound as it was at sign-in: the binding is the
   * identity, so a chat unbound or bound elsewhere since has its sessions ended here too.
   */
  private signedIn(request: HttpRequest, now: Date): Signed | null {
    const { deps } = this.options;
    const token = cookieOf(request, COOKIE);
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const session = deps.web.session(token, now);
    if (!session) return null;
    const chat = deps.chats.get(session.chatId);
    if (!chat || chat.gone || chat.role !== session.role || chat.unitId !== session.unitId) {
      deps.web.end(session.id, now, 'binding-changed');
      return null;
    }
    return {
      session,
      chat,
      role: session.role,
      audience: webAudienceOf(deps, chat),
      timeZone: timeZoneOf(deps),
      csrf: csrfToken(token),
    };
  }

  /** A form of this page: it carries the session's token, and no other site sent it. */
  private formIsOurs(ctx: SignedContext): boolean {
    const origin = ctx.request.headers.origin;
    if (typeof origin === 'string' && origin !== 'null') {
      const expected = this.options.publicOrigin ?? `http://${ctx.request.headers.host ?? ''}`;
      const sameHost = (() => {
        try {
          return new URL(origin).host === new URL(expected).host;
        } catch {
          return false;
        }
      })();
      if (!sameHost) return false;
    }
    return secretMatches(ctx.form.get('_csrf') ?? undefined, ctx.signed.csrf);
  }

  private context(request: HttpRequest, now: Date, signed: Signed | null): PageContext {
    const { deps } = this.options;
    const address = clientAddress(request);
    const form =
      request.method === 'POST' &&
      String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(request.body.toString('utf8'))
        : new URLSearchParams();
    const audit = (action: string, detail: Record<string, unknown> = {}) =>
      deps.audit.write(now, signed?.chat.id ?? null, signed?.role ?? null, action, {
        ...detail,
        via: 'web',
        ...(signed ? { session: signed.session.id } : {}),
        address,
      });
    const flashes = this.flashes;
    return {
      deps,
      bot: this.options.bot,
      options: this.options,
      request,
      now,
      address,
      form,
      signed,
      audit,
      refuse(status, reason, message, detail = {}) {
        audit('refused', { reason, method: request.method, path: request.path, ...detail });
        return errorPage(status, message, signed);
      },
      flash(text, error = false) {
        if (signed) flashes.set(signed.session.id, { text, error });
      },
      takeFlash() {
        if (!signed) return null;
        const f = flashes.get(signed.session.id) ?? null;
        flashes.delete(signed.session.id);
        return f;
      },
    };
  }
}

/** Serves the web page on the shared HTTP server, under `/web`. */
export function mountWeb(http: HttpRoutes, options: WebOptions): WebApp {
  const app = new WebApp(options);
  const handle = (request: HttpRequest) => app.handle(request);
  http.mount('GET', '/web', handle);
  http.mount('GET', '/web/*', handle);
  http.mount('POST', '/web/*', handle);
  return app;
}
