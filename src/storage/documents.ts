import { and, asc, desc, eq, isNotNull, isNull, max } from 'drizzle-orm';
import type { DocumentType } from '../core/documents';
import type { Db } from './db';
import { documents, inbound, reports } from './schema';

/** One file a unit sent as its report, as recorded. */
export interface ReportDocument {
  id: number;
  sha256: string;
  size: number;
  type: DocumentType;
  mime: string;
  name: string | null;
  unitId: string;
  periodId: string | null;
  reportId: number | null;
  /** The revision of the unit's report it was filed with. */
  revision: number | null;
  chatId: string;
  senderName: string | null;
  receivedAt: Date;
  textChars: number;
  textProblem: string | null;
  statusesFromFile: string[];
  /** The album it came in (several pictures or files sent as one), as its channel names it; null alone. */
  album: string | null;
}

export type NewDocument = Omit<ReportDocument, 'id' | 'revision'> & {
  senderId: string | null;
  inboundId: number | null;
  /** The text read from the file, kept to be read again once the bot's question about it is answered. */
  text: string | null;
};

/** A document kept with no period while the bot asks which period (or plan) it is for. */
export type WaitingDocument = ReportDocument & { text: string | null };

/**
 * Report documents (table `documents`): written once per sending. One change only: a document kept with no
 * period while the bot asked which one it is for gets its period and revision when the answer comes (with
 * the other pages of its album, kept with it meanwhile). Not a hot path: the query builder.
 */
export class DocumentStore {
  constructor(private readonly db: Db) {}

  add(doc: NewDocument): number {
    return this.db
      .insert(documents)
      .values({
        sha256: doc.sha256,
        size: doc.size,
        type: doc.type,
        mime: doc.mime,
        name: doc.name,
        unitId: doc.unitId,
        periodId: doc.periodId,
        reportId: doc.reportId,
        chatId: doc.chatId,
        senderId: doc.senderId,
        senderName: doc.senderName,
        inboundId: doc.inboundId,
        receivedAt: doc.receivedAt,
        textChars: doc.textChars,
        textProblem: doc.textProblem,
        statusesFromFile: doc.statusesFromFile,
        text: doc.text,
        album: doc.album,
      })
      .returning({ id: documents.id })
      .get().id;
  }

  /** A unit's documents in a period, oldest first. */
  ofUnit(periodId: string, unitId: string): ReportDocument[] {
    return this.select(and(eq(documents.periodId, periodId), eq(documents.unitId, unitId)));
  }

  /** Every document filed to a period, by unit then time. */
  ofPeriod(periodId: string): ReportDocument[] {
    return this.select(eq(documents.periodId, periodId));
  }

  /** One document by its number, or null. */
  get(id: number): ReportDocument | null {
    return this.select(eq(documents.id, id))[0] ?? null;
  }

  /** The newest document's number in the period (0 for none): it changes whenever one is filed there. */
  lastIdOf(periodId: string): number {
    return (
      this.db
        .select({ id: max(documents.id) })
        .from(documents)
        .where(eq(documents.periodId, periodId))
        .get()?.id ?? 0
    );
  }

  /**
   * The document a message brought that still waits for its period (the bot asked which period or plan it
   * is for), with its text; null when the message brought none, or it was filed since.
   */
  waitingFrom(inboundId: number): WaitingDocument | null {
    const doc = this.select(and(eq(documents.inboundId, inboundId), isNull(documents.periodId)))[0];
    if (!doc) return null;
    const row = this.db
      .select({ text: documents.text })
      .from(documents)
      .where(eq(documents.id, doc.id))
      .get();
    return { ...doc, text: row?.text ?? null };
  }

  /**
   * Files a waiting document to the period and report revision the answer to the bot's question chose,
   * with the tasks whose status came from it. Returns false when it was filed already (it is filed once).
   */
  file(id: number, periodId: string, reportId: number | null, statusesFromFile: string[]): boolean {
    const r = this.db
      .update(documents)
      .set({ periodId, reportId, statusesFromFile })
      .where(and(eq(documents.id, id), isNull(documents.periodId)))
      .run();
    return r.changes === 1;
  }

  /**
   * The first document of an album kept from a chat (the member taken as the report, that the others
   * join), or null when no member of it was kept.
   */
  albumHead(chatId: string, album: string): ReportDocument | null {
    return (
      this.db
        .select({ doc: documents, revision: reports.revision })
        .from(documents)
        .leftJoin(reports, eq(reports.id, documents.reportId))
        .where(and(eq(documents.chatId, chatId), eq(documents.album, album)))
        .orderBy(asc(documents.id))
        .limit(1)
        .all()
        .map(toDocument)[0] ?? null
    );
  }

  /**
   * Files the members of an album that waited with their first one (the bot asked which period it is
   * for) to the period and revision the answer chose. Returns how many were filed.
   */
  fileAlbum(chatId: string, album: string, periodId: string, reportId: number | null): number {
    return this.db
      .update(documents)
      .set({ periodId, reportId })
      .where(and(eq(documents.chatId, chatId), eq(documents.album, album), isNull(documents.periodId)))
      .run().changes;
  }

  /** Units that sent at least one document in the period. */
  unitsWithDocuments(periodId: string): Set<string> {
    const rows = this.db
      .selectDistinct({ unitId: documents.unitId })
      .from(documents)
      .where(eq(documents.periodId, periodId))
      .all();
    return new Set(rows.map((r) => r.unitId));
  }

  /** The report revision stored while handling one incoming message, if one was. */
  revisionOfMessage(inboundId: number | null): { id: number; periodId: string; revision: number } | null {
    // A page action (the web page acting for a chat) is no message, and stores no report.
    if (inboundId === null) return null;
    return (
      this.db
        .select({ id: reports.id, periodId: reports.periodId, revision: reports.revision })
        .from(reports)
        .where(eq(reports.inboundId, inboundId))
        .orderBy(desc(reports.revision))
        .get() ?? null
    );
  }

  /** Whether a platform update was already handled (a redelivery: its file need not be fetched again). */
  alreadyHandled(dedupeKey: string): boolean {
    return (
      this.db
        .select({ id: inbound.id })
        .from(inbound)
        .where(and(eq(inbound.dedupeKey, dedupeKey), isNotNull(inbound.processedAt)))
        .get() !== undefined
    );
  }

  private select(where: ReturnType<typeof eq> | undefined): ReportDocument[] {
    return this.db
      .select({ doc: documents, revision: reports.revision })
      .from(documents)
      .leftJoin(reports, eq(reports.id, documents.reportId))
      .where(where)
      .orderBy(asc(documents.unitId), asc(documents.receivedAt), asc(documents.id))
      .all()
      .map(toDocument);
  }
}

function toDocument({
  doc,
  revision,
}: {
  doc: typeof documents.$inferSelect;
  revision: number | null;
}): ReportDocument {
  return {
    id: doc.id,
    sha256: doc.sha256,
    size: doc.size,
    type: doc.type as DocumentType,
    mime: doc.mime,
    name: doc.name,
    unitId: doc.unitId,
    periodId: doc.periodId,
    reportId: doc.reportId,
    revision,
    chatId: doc.chatId,
    senderName: doc.senderName,
    receivedAt: doc.receivedAt,
    textChars: doc.textChars,
    textProblem: doc.textProblem,
    statusesFromFile: doc.statusesFromFile,
    album: doc.album,
  };
}
