import { officeOf } from '../../bot/deps';
import { WEB } from '../../core/messages/web';
import { localDateOf } from '../../core/time';
import type { HttpResponse } from '../../http/server';
import type { ReportDocument } from '../../storage/documents';
import type { SignedContext } from '../app';
import { attachment, contentTypeOf } from '../download';
import { errorPage } from '../layout';

/**
 * The name a document is saved under: the name it was sent with (without the path characters and control
 * characters a name can carry), with the extension of the type read from its bytes; a photo gets the
 * unit's name and the day.
 */
export function downloadName(d: ReportDocument, unitShort: string, timeZone: string): string {
  const clean = (text: string) =>
    [...text]
      .map((ch) => ((ch.codePointAt(0) ?? 0) < 32 || ch === '\u007f' || '\\/:*?"<>|'.includes(ch) ? ' ' : ch))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  const sent = d.name ? clean(d.name).replace(/\.[A-Za-z0-9]{1,5}$/, '') : '';
  const stem = sent || `${clean(unitShort)} ${localDateOf(d.receivedAt, timeZone)}`;
  return `${stem.slice(0, 120)}.${d.type}`;
}

/**
 * One document a unit sent, as an attachment: to the office, the leaders and that unit only (some hold
 * citizens' personal data). A supervising body sees that documents were sent, never their contents.
 */
export function downloadDocument(ctx: SignedContext, [id]: string[]): HttpResponse {
  const { deps, signed } = ctx;
  const d = deps.documents.get(Number(id));
  if (!d) return errorPage(404, WEB.refused.notFound, signed);
  if (signed.role === 'unit' && signed.chat.unitId !== d.unitId)
    return ctx.refuse(403, 'other-unit', WEB.refused.documents(officeOf(deps).name), {
      unitId: d.unitId,
      document: d.id,
    });
  const unit = deps.responsibility.units.get(d.unitId);
  const name = downloadName(d, unit?.short ?? d.unitId, signed.timeZone);
  const response = attachment(deps.files.pathOf(d.sha256), name, contentTypeOf(d.type));
  if (!response) return errorPage(404, WEB.refused.notFound, signed);
  ctx.audit('web:download', { document: d.id, unitId: d.unitId, periodId: d.periodId });
  return response;
}
