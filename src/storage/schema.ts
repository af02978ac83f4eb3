import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Role } from './chats';

/*
 * The database. Times are integer milliseconds (UTC instants); calendar dates are ISO text in the
 * ward's time zone. Rows that user data refers to (plans, units, tasks, periods) are archived,
 * never deleted; migrations must not rebuild tables that have children (see README).
 */

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });
const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

export const plans = sqliteTable('plans', {
  id: text('id').primaryKey(),
  number: text('number').notNull(),
  title: text('title').notNull(),
  issuer: text('issuer').notNull(),
  issuedOn: text('issued_on').notNull(),
  sourceFile: text('source_file').notNull(),
  contentHash: text('content_hash').notNull(),
  syncedAt: ms('synced_at').notNull(),
  archivedAt: ms('archived_at'),
});

export const units = sqliteTable('units', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  short: text('short').notNull(),
  reports: integer('reports', { mode: 'boolean' }).notNull(),
  contentHash: text('content_hash').notNull(),
  syncedAt: ms('synced_at').notNull(),
  archivedAt: ms('archived_at'),
});

export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    code: text('code').notNull(),
    section: text('section').notNull(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    timing: text('timing').notNull(),
    lead: json<string[]>('lead').notNull(),
    coordinate: json<string[]>('coordinate').notNull(),
    milestones: json<unknown[]>('milestones').notNull(),
    reported: integer('reported', { mode: 'boolean' }).notNull(),
    contentHash: text('content_hash').notNull(),
    syncedAt: ms('synced_at').notNull(),
    archivedAt: ms('archived_at'),
  },
  (t) => [uniqueIndex('tasks_plan_code').on(t.planId, t.code)],
);

export const periods = sqliteTable(
  'periods',
  {
    /** `<plan id>/6T-2026`, `<plan id>/N-2026`, `<plan id>/DX-3`. */
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    kind: text('kind', { enum: ['six_month', 'annual', 'adhoc'] }).notNull(),
    year: integer('year').notNull(),
    /** Number of an ad-hoc request within its plan; 0 for regular periods. */
    number: integer('number').notNull().default(0),
    startsOn: text('starts_on').notNull(),
    cutoffOn: text('cutoff_on').notNull(),
    /** The deadline as the plan or the office set it; a day off moves it when read (Điều 148 BLDS). */
    deadlineOn: text('deadline_on').notNull(),
    /** Ad-hoc requests: the tasks and units asked; null means all. */
    taskCodes: json<string[]>('task_codes'),
    unitIds: json<string[]>('unit_ids'),
    note: text('note'),
    createdAt: ms('created_at').notNull(),
    createdBy: text('created_by'),
    cancelledAt: ms('cancelled_at'),
  },
  (t) => [index('periods_deadline').on(t.deadlineOn)],
);

export const chats = sqliteTable('chats', {
  /** Opaque id made by the channel: `telegram:-100123`, `zalo:g:4567`, `console:...`. */
  id: text('id').primaryKey(),
  channel: text('channel').notNull(),
  kind: text('kind', { enum: ['group', 'direct'] }).notNull(),
  title: text('title'),
  role: text('role', { enum: ['unit', 'office', 'leader', 'supervisor'] }),
  unitId: text('unit_id').references(() => units.id),
  boundAt: ms('bound_at'),
  boundVia: text('bound_via'),
  /** Set when the platform says the chat is gone (bot removed, chat deleted): no more sends. */
  goneAt: ms('gone_at'),
  updatedAt: ms('updated_at').notNull(),
});

export const invites = sqliteTable('invites', {
  code: text('code').primaryKey(),
  role: text('role', { enum: ['unit', 'office', 'leader', 'supervisor'] }).notNull(),
  unitId: text('unit_id').references(() => units.id),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
  createdBy: text('created_by').notNull(),
  usedAt: ms('used_at'),
  usedByChat: text('used_by_chat'),
});

/** Every message addressed to the bot, stored before it is parsed, so nothing a user sent is lost. */
export const inbound = sqliteTable(
  'inbound',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Platform identity of the update (`telegram:update:123`): a redelivered update is seen once. */
    dedupeKey: text('dedupe_key').notNull(),
    chatId: text('chat_id').notNull(),
    messageRef: text('message_ref'),
    senderId: text('sender_id'),
    senderName: text('sender_name'),
    chatTitle: text('chat_title'),
    kind: text('kind', { enum: ['message', 'action'] }).notNull(),
    text: text('text').notNull(),
    receivedAt: ms('received_at').notNull(),
    /** When the sender sent it, by the platform's clock (null in rows older than the column). */
    sentAt: ms('sent_at'),
    outcome: text('outcome'),
    processedAt: ms('processed_at'),
    /**
     * The whole message as its channel read it, for platforms that hand an update over only once: kept
     * before it is handled, so that one a crash interrupted is handled at the next start.
     */
    kept: json<Record<string, unknown>>('kept'),
  },
  (t) => [uniqueIndex('inbound_dedupe').on(t.dedupeKey), index('inbound_chat').on(t.chatId, t.receivedAt)],
);

export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    periodId: text('period_id')
      .notNull()
      .references(() => periods.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    /** 1 for the first report of a unit in a period; each correction adds a revision. */
    revision: integer('revision').notNull(),
    chatId: text('chat_id').notNull(),
    chatTitle: text('chat_title'),
    senderName: text('sender_name'),
    inboundId: integer('inbound_id').references(() => inbound.id),
    submittedAt: ms('submitted_at').notNull(),
    late: integer('late', { mode: 'boolean' }).notNull(),
    proposals: json<string[]>('proposals').notNull(),
  },
  (t) => [uniqueIndex('reports_revision').on(t.periodId, t.unitId, t.revision)],
);

export const reportItems = sqliteTable(
  'report_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id),
    taskCode: text('task_code').notNull(),
    status: text('status', { enum: ['done', 'in_progress', 'not_started'] }),
    result: text('result').notNull(),
    figures: json<string[]>('figures').notNull(),
  },
  (t) => [index('report_items_report').on(t.reportId)],
);

export const difficulties = sqliteTable(
  'difficulties',
  {
    /** The number users see ("vướng mắc số 12"). */
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    chatId: text('chat_id').notNull(),
    periodId: text('period_id').references(() => periods.id),
    reportId: integer('report_id').references(() => reports.id),
    inboundId: integer('inbound_id').references(() => inbound.id),
    text: text('text').notNull(),
    raisedAt: ms('raised_at').notNull(),
    status: text('status', { enum: ['open', 'answered', 'closed'] })
      .notNull()
      .default('open'),
    answer: text('answer'),
    answeredAt: ms('answered_at'),
    answeredBy: text('answered_by'),
    /** Sent up to a higher level (section III of the plan: "báo cáo, đề xuất cấp có thẩm quyền"): when. */
    escalatedAt: ms('escalated_at'),
    /** Where it went, or the office's note, as typed after `/chuyencap <số>`. */
    escalatedTo: text('escalated_to'),
    escalatedBy: text('escalated_by'),
  },
  (t) => [index('difficulties_status').on(t.status)],
);

/** Messages the bot will send: written first, sent by the sender, never queued twice for one key. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** What the message is, e.g. `remind:<period>:<unit>:-7`; one row per key, ever. */
    dedupeKey: text('dedupe_key').notNull(),
    chatId: text('chat_id').notNull(),
    kind: text('kind').notNull(),
    periodId: text('period_id'),
    unitId: text('unit_id'),
    payload: json<unknown>('payload').notNull(),
    dueAt: ms('due_at').notNull(),
    /** After this instant a message is stale: skipped and logged rather than sent late. */
    expiresAt: ms('expires_at'),
    /** `held`: a reply the dispatcher is sending itself (see OutboxStore.hold). */
    status: text('status', {
      enum: ['held', 'pending', 'sending', 'sent', 'failed', 'cancelled', 'skipped'],
    })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: ms('sent_at'),
    platformRef: text('platform_ref'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outbox_dedupe').on(t.dedupeKey),
    index('outbox_ready').on(t.status, t.nextAttemptAt),
    index('outbox_unit').on(t.periodId, t.unitId, t.status),
    index('outbox_chat').on(t.chatId, t.status, t.dueAt),
  ],
);

/** Messages the bot sent that a reply can point to: a reply to a reminder belongs to its period. */
export const messageRefs = sqliteTable(
  'message_refs',
  {
    chatId: text('chat_id').notNull(),
    messageRef: text('message_ref').notNull(),
    kind: text('kind').notNull(),
    periodId: text('period_id'),
    unitId: text('unit_id'),
    taskCode: text('task_code'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.messageRef] })],
);

export const audit = sqliteTable(
  'audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: ms('at').notNull(),
    chatId: text('chat_id'),
    role: text('role'),
    action: text('action').notNull(),
    detail: json<Record<string, unknown>>('detail')
      .notNull()
      .default(sql`'{}'`),
  },
  (t) => [index('audit_at').on(t.at)],
);

/** Facts the program keeps about the database itself: the plan set it last synced into it. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
/**
 * Files units sent as their report (Word, PDF, a photo of the signed page), stored under the data folder
 * by content hash. Each row is one sending: the report revision it was filed with (null when no period
 * could be chosen), and what of its text was read.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The file in the store is named by this hash. */
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** Detected from the bytes: pdf, docx, doc, xlsx, jpg, png. */
    type: text('type').notNull(),
    mime: text('mime').notNull(),
    /** File name as sent (null for a photo): shown to people, never used to open the file. */
    name: text('name'),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    periodId: text('period_id').references(() => periods.id),
    reportId: integer('report_id').references(() => reports.id),
    chatId: text('chat_id').notNull(),
    senderId: text('sender_id'),
    senderName: text('sender_name'),
    inboundId: integer('inbound_id').references(() => inbound.id),
    receivedAt: ms('received_at').notNull(),
    /** Characters of text read from the file (0: none: a photo, a scan, an unreadable file). */
    textChars: integer('text_chars').notNull().default(0),
    /** Why no text was read from a file that has some, if so: `damaged`, `timeout`, `no_text_layer`. */
    textProblem: text('text_problem'),
    /** Tasks whose status in this revision came from the file's text. */
    statusesFromFile: json<string[]>('statuses_from_file').notNull(),
    /**
     * The text read from the file (a .docx, an .xlsx, a PDF's text layer), as the reader gave it; null when none.
     * Kept so that a file the bot asked about ("which period?") is read again when the answer comes: the
     * message is handled in one synchronous transaction, and reading the file again takes a worker.
     */
    text: text('text'),
    /**
     * The album the file came in (several pictures or files sent as one: Telegram's `media_group_id`,
     * Zalo's group layout), as its channel names it; null for a file sent alone. The later members of an
     * album whose earlier member was taken as the report join that report (see `bot/documents/album.ts`).
     */
    album: text('album'),
  },
  (t) => [
    index('documents_period_unit').on(t.periodId, t.unitId),
    index('documents_sha').on(t.sha256),
    index('documents_album').on(t.chatId, t.album),
  ],
);

/**
 * Members of an album that came before any member of it was taken as a report (a picture with no
 * caption, in a group, ahead of the one captioned "/baocao"): neither fetched nor answered, held here
 * with the message as its channel read it, so that the report member, when it comes, takes them in. A
 * row goes once its message is handled; rows of an album that never became a report are dropped after
 * a short window.
 */
export const albumHeld = sqliteTable(
  'album_held',
  {
    /** The message's platform identity, as in `inbound.dedupe_key`. */
    dedupeKey: text('dedupe_key').primaryKey(),
    chatId: text('chat_id').notNull(),
    album: text('album').notNull(),
    /** When it was sent, by the platform's clock: the window is counted on it. */
    sentAt: ms('sent_at').notNull(),
    receivedAt: ms('received_at').notNull(),
    message: json<Record<string, unknown>>('message').notNull(),
  },
  (t) => [index('album_held_album').on(t.chatId, t.album), index('album_held_sent').on(t.sentAt)],
);

/**
 * One-time sign-in links to the web page, made by `/web` in a bound chat: valid minutes, usable once.
 * Only the sha256 of the token is kept; the token itself exists only in the link sent to the chat.
 */
export const webLinks = sqliteTable('web_links', {
  tokenHash: text('token_hash').primaryKey(),
  /** The chat the link was made in: its binding is the identity of whoever signs in with it. */
  chatId: text('chat_id').notNull(),
  role: text('role').$type<Role>().notNull(),
  unitId: text('unit_id'),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
  usedAt: ms('used_at'),
});

/** Sessions of the web page, each opened by one sign-in link; the cookie's token is kept as its sha256. */
export const webSessions = sqliteTable(
  'web_sessions',
  {
    /** The number the audit log names a session by (never its token). */
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull(),
    chatId: text('chat_id').notNull(),
    role: text('role').$type<Role>().notNull(),
    unitId: text('unit_id'),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    /** Set when it ended before its time: signed out, or its chat unbound. */
    endedAt: ms('ended_at'),
    endedWhy: text('ended_why'),
  },
  (t) => [uniqueIndex('web_sessions_token').on(t.tokenHash), index('web_sessions_chat').on(t.chatId)],
);
