import type { Db } from './db';
import { audit } from './schema';

/** Append-only record of every binding, every office action and every refusal. */
export class AuditLog {
  constructor(private readonly db: Db) {}

  write(
    at: Date,
    chatId: string | null,
    role: string | null,
    action: string,
    detail: Record<string, unknown> = {},
  ): void {
    this.db.insert(audit).values({ at, chatId, role, action, detail }).run();
  }
}
