import { ChannelError } from '../errors';

/** The platform's own API root; `ZALO_BOT_API_ROOT` points elsewhere (a proxy, the tests' fake). */
export const ZALO_BOT_API_ROOT = 'https://bot-api.zaloplatforms.com';

/** An answer of the Bot API: `{ ok: true, result }`, or `{ ok: false, error_code, description }`. */
interface Answer {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** How long to leave the platform alone after a 429 that does not say: its limits are unpublished. */
const DEFAULT_RETRY_AFTER_MS = 30_000;

/**
 * The Zalo Bot Platform's HTTP API, shaped like Telegram's: `POST <root>/bot<token>/<method>` with a JSON
 * body. Every failure comes out as one of our error kinds; the token never appears in one.
 */
export class ZaloBotApi {
  constructor(
    private readonly token: string,
    private readonly root: string = ZALO_BOT_API_ROOT,
    private readonly timeoutMs = 30_000,
  ) {}

  /**
   * Calls a method and returns its `result`. `timeoutMs` overrides the default time limit; `signal`
   * abandons the call (at shutdown).
   */
  async call(
    method: string,
    payload: Record<string, unknown>,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<unknown> {
    const { status, answer } = await this.request(method, payload, options);
    if (answer.ok === true && status < 400) return answer.result;
    throw translateZaloBotError(method, status, answer);
  }

  /**
   * One long poll: the platform holds it up to `seconds` and answers one update, or 408 when nothing came
   * (then null). The update is the platform's no more once answered: nothing is confirmed, nothing comes
   * again.
   */
  async getUpdate(seconds: number, signal: AbortSignal): Promise<unknown> {
    const { status, answer } = await this.request(
      'getUpdates',
      { timeout: String(seconds) },
      { timeoutMs: (seconds + 15) * 1000, signal },
    );
    if (answer.ok === true && status < 400) return answer.result ?? null;
    if ((answer.error_code ?? status) === 408) return null;
    throw translateZaloBotError('getUpdates', status, answer);
  }

  private async request(
    method: string,
    payload: Record<string, unknown>,
    options: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<{ status: number; answer: Answer }> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    try {
      const response = await fetch(`${this.root.replace(/\/$/, '')}/bot${this.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal,
      });
      return { status: response.status, answer: parseAnswer(await response.text()) };
    } catch (err) {
      const why = deadline.aborted ? `no answer in ${timeoutMs} ms` : describe(err);
      throw new ChannelError('network', `${method}: ${why}`, null, { cause: err });
    }
  }
}

function parseAnswer(body: string): Answer {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Answer) : {};
  } catch {
    return {};
  }
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/**
 * Our kind for a refused call. The platform's codes follow Telegram's: 401 a refused token, 429 too many
 * requests, 5xx its own trouble; 408 on getUpdates only means nothing came (the caller handles it).
 */
export function translateZaloBotError(method: string, status: number, answer: Answer): ChannelError {
  const code = answer.error_code ?? status;
  const message = `${method}: ${code} ${answer.description ?? ''}`.trim();
  if (code === 401) return new ChannelError('auth', message);
  if (code === 429) {
    const after = answer.parameters?.retry_after;
    return new ChannelError('rate_limited', message, after ? after * 1000 : DEFAULT_RETRY_AFTER_MS);
  }
  if (code === 408 || code >= 500) return new ChannelError('network', message);
  if (code === 403) return new ChannelError('recipient_gone', message);
  return new ChannelError('rejected', message);
}
