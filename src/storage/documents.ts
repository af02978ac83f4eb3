import { and, asc, desc, eq, isNotNull, max } from 'drizzle-orm';
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
}

export type NewDocument = Omit<ReportDocument, 'id' | 'revision'> & {
  senderId: string | null;
  inboundId: number | null;
};

/** Report documents (table `documents`): written once per sending, never changed. Not a hot path: the query builder. */
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
      .map(({ doc, revision }) => ({
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
      }));
  }
}
