import type { HttpResponse } from '../http/server';
import type { Role } from '../storage/chats';
import { ACCESS } from './access';
import type { PageContext, SignedContext } from './app';
import { answerDifficulty, difficultiesPage } from './pages/difficulties';
import { downloadDocument } from './pages/documents';
import { downloadExport, exportsPage, makeExport } from './pages/exports';
import { overviewPage, overviewVersion } from './pages/overview';
import { scorecardPage } from './pages/scorecard';
import { completeSignIn, showSignIn, signOut } from './pages/signIn';
import { unitPage } from './pages/unit';

type Result = HttpResponse | Promise<HttpResponse>;

/** A route of the page: the sign-in route is open; every other names the roles that may use it. */
export type Route =
  | {
      method: 'GET' | 'POST';
      path: RegExp;
      roles: 'open';
      handle(ctx: PageContext, params: string[]): Result;
    }
  | {
      method: 'GET' | 'POST';
      path: RegExp;
      roles: readonly Role[];
      handle(ctx: SignedContext, params: string[]): Result;
    };

export interface Routes {
  match(method: string, path: string): { route: Route; params: string[] } | null;
}

/** Every route of the page, with who may use it. */
export function webRoutes(): Routes {
  const token = /^\/web\/dangnhap\/([A-Za-z0-9_-]{1,100})$/;
  const table: Route[] = [
    { method: 'GET', path: token, roles: 'open', handle: showSignIn },
    { method: 'POST', path: token, roles: 'open', handle: completeSignIn },
    { method: 'POST', path: /^\/web\/dangxuat$/, roles: ACCESS.anyone, handle: signOut },
    { method: 'GET', path: /^\/web\/?$/, roles: ACCESS.overview, handle: overviewPage },
    { method: 'GET', path: /^\/web\/tinhhinh\/phienban$/, roles: ACCESS.overview, handle: overviewVersion },
    { method: 'GET', path: /^\/web\/donvi\/([^/]{1,200})$/, roles: ACCESS.unit, handle: unitPage },
    { method: 'GET', path: /^\/web\/vuongmac$/, roles: ACCESS.difficulties, handle: difficultiesPage },
    {
      method: 'POST',
      path: /^\/web\/vuongmac\/(\d{1,9})\/(traloi|chuyencap|dong)$/,
      roles: ACCESS.act,
      handle: answerDifficulty,
    },
    { method: 'GET', path: /^\/web\/xuat$/, roles: ACCESS.exports, handle: exportsPage },
    { method: 'POST', path: /^\/web\/xuat$/, roles: ACCESS.exports, handle: makeExport },
    {
      method: 'GET',
      path: /^\/web\/xuat\/tep\/([A-Za-z0-9][A-Za-z0-9._-]{0,200})$/,
      roles: ACCESS.exports,
      handle: downloadExport,
    },
    { method: 'GET', path: /^\/web\/xephang$/, roles: ACCESS.scorecard, handle: scorecardPage },
    { method: 'GET', path: /^\/web\/vanban\/(\d{1,9})$/, roles: ACCESS.documents, handle: downloadDocument },
  ];
  return {
    match(method, path) {
      for (const route of table) {
        if (route.method !== method) continue;
        const m = route.path.exec(path);
        if (m) return { route, params: m.slice(1).map((p) => decodeSegment(p)) };
      }
      return null;
    },
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
