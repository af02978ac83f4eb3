import type { EventEmitter } from 'node:events';
import type { API, Credentials, MessageContent, SendMessageResponse } from 'zca-js';
import type { DownloadLimits } from '../channel';
import { fetchZaloFile } from './files';

/**
 * The narrow part of zca-js this channel uses. Everything else of the library stays behind this line,
 * so the tests can stand a typed fake in its place and an upgrade of zca-js touches one file.
 */
type ZcaListener = API['listener'];

/** The listener's events, as zca-js declares them (its event map is not exported by name). */
export type ZaloListenerEvents = ZcaListener extends EventEmitter<infer Events> ? Events : never;

type Handler<E extends keyof ZaloListenerEvents> = (...args: ZaloListenerEvents[E]) => void;

/** Events (`message`, `connected`, `closed`, `error`), start and stop. zca-js's own retry stays off. */
export interface ZaloListener {
  on(event: 'connected', handler: Handler<'connected'>): unknown;
  on(event: 'closed', handler: Handler<'closed'>): unknown;
  on(event: 'error', handler: Handler<'error'>): unknown;
  on(event: 'message', handler: Handler<'message'>): unknown;
  off(event: 'connected', handler: Handler<'connected'>): unknown;
  off(event: 'closed', handler: Handler<'closed'>): unknown;
  off(event: 'error', handler: Handler<'error'>): unknown;
  off(event: 'message', handler: Handler<'message'>): unknown;
  start(options?: { retryOnClose?: boolean }): void;
  stop(): void;
}

/** Zalo's thread types (zca-js `ThreadType`): a direct chat with a user, or a group. */
export const THREAD_USER = 0;
export const THREAD_GROUP = 1;

export interface ZaloApi {
  readonly listener: ZaloListener;
  getOwnId(): string;
  sendMessage(content: MessageContent | string, threadId: string, type?: 0 | 1): Promise<SendMessageResponse>;
  /** A group's name, to show the office which group is which (null when Zalo does not say). */
  groupName(groupId: string): Promise<string | null>;
  /** The session as it stands now (its cookie refreshes while the bot runs), to save it again. */
  currentCredentials(): Credentials;
  /**
   * A file or image a user sent, from Zalo's file service (a link the channel has checked is Zalo's).
   * zca-js has no download call: the service is plain https, fetched with the same limits as any file.
   */
  fetchFile(url: URL, limits: DownloadLimits): Promise<Buffer>;
}

/** Logs in with saved credentials; rejects when the session is no longer accepted. */
export type ZaloLogin = (credentials: Credentials) => Promise<ZaloApi>;

/** The real surface: zca-js's `API`, narrowed. The compiler checks here that the library still fits. */
export function fromZcaApi(api: API): ZaloApi {
  return {
    listener: api.listener,
    getOwnId: () => api.getOwnId(),
    sendMessage: (content, threadId, type) => api.sendMessage(content, threadId, type),
    groupName: async (groupId) => (await api.getGroupInfo(groupId)).gridInfoMap[groupId]?.name ?? null,
    currentCredentials: () => {
      const context = api.getContext();
      return {
        imei: context.imei,
        userAgent: context.userAgent,
        language: context.language,
        cookie: api.getCookie().toJSON()?.cookies ?? [],
      };
    },
    fetchFile: fetchZaloFile,
  };
}

/** Logs in through zca-js, with its registry check and its own logging off. */
export async function zcaLogin(credentials: Credentials): Promise<ZaloApi> {
  const { Zalo } = await import('zca-js');
  const zalo = new Zalo({ checkUpdate: false, selfListen: false, logging: false });
  return fromZcaApi(await zalo.login(credentials));
}
