import { ChannelError } from '../errors';

interface TelegramLikeError {
  name?: string;
  code?: unknown;
  message?: string;
  response?: {
    error_code?: number;
    description?: string;
    parameters?: { retry_after?: number; migrate_to_chat_id?: number };
  };
}

/** Translates whatever telegraf or the network threw into one of our error kinds. */
export function translateTelegramError(err: unknown): ChannelError {
  const e = (err ?? {}) as TelegramLikeError;
  const code = e.response?.error_code;
  const description = e.response?.description ?? e.message ?? String(err);
  if (typeof code === 'number') {
    if (code === 429) {
      const seconds = e.response?.parameters?.retry_after ?? 5;
      return new ChannelError('rate_limited', description, seconds * 1000, { cause: err });
    }
    if (code === 401) return new ChannelError('auth', description, null, { cause: err });
    if (code === 403) return new ChannelError('recipient_gone', description, null, { cause: err });
    if (
      code === 400 &&
      /chat not found|group chat was upgraded|chat_id is empty|user not found|bot was kicked|not enough rights/i.test(
        description,
      )
    ) {
      return new ChannelError('recipient_gone', description, null, { cause: err });
    }
    if (code >= 500) return new ChannelError('network', description, null, { cause: err });
    if (code === 400 || code === 413) return new ChannelError('rejected', description, null, { cause: err });
  }
  return new ChannelError('network', description, null, { cause: err });
}
