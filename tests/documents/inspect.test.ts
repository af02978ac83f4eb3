import { describe, expect, it } from 'vitest';
import { DEFAULT_INSPECT_LIMITS, inspectDocument } from '../../src/documents/inspect';
import { checkZip } from '../../src/documents/zipGuard';
import {
  compoundFile,
  photoJpeg,
  photoPng,
  pdfWithText,
  plainZip,
  wordReport,
  zipBomb,
} from '../helpers/documents';

const MB = 1024 * 1024;

describe('reading a file off the main thread', () => {
  it('types a Word report from its bytes and reads its text', async () => {
    const docx = await wordReport(['Báo cáo năm 2026', 'NV3: hoàn thành - tổ chức 2 hội nghị']);
    const r = await inspectDocument(docx, DEFAULT_INSPECT_LIMITS, ['168']);
    expect(r).toMatchObject({
      type: 'accepted',
      fileType: 'docx',
      textProblem: null,
      reading: { readsAsReport: true, statusCodes: ['NV3'] },
    });
    expect(r.type === 'accepted' && r.text).toContain('NV3: hoàn thành - tổ chức 2 hội nghị');
  });

  it('reads the text layer of a PDF, accents included, and stops at the page limit', async () => {
    const pdf = pdfWithText(['Báo cáo 6 tháng đầu năm 2026', 'NV7: đang thực hiện - đăng ký mô hình'], 5);
    const r = await inspectDocument(pdf, { ...DEFAULT_INSPECT_LIMITS, maxPages: 2 });
    expect(r).toMatchObject({ type: 'accepted', fileType: 'pdf', pages: 5, truncated: true });
    const text = r.type === 'accepted' ? (r.text ?? '') : '';
    expect(text.match(/NV7: đang thực hiện - đăng ký mô hình/g)).toHaveLength(2);
  });

  it('takes photos without reading them, and refuses what is not a report type', async () => {
    expect(await inspectDocument(photoPng())).toMatchObject({
      type: 'accepted',
      fileType: 'png',
      text: null,
    });
    expect(await inspectDocument(photoJpeg())).toMatchObject({
      type: 'accepted',
      fileType: 'jpg',
      text: null,
    });
    expect(await inspectDocument(plainZip())).toEqual({ type: 'wrong_type', detected: 'zip' });
    // The old Word format is kept (not read); another compound file, such as an old .xls, is not a report type.
    expect(await inspectDocument(compoundFile('WordDocument'))).toMatchObject({
      type: 'accepted',
      fileType: 'doc',
      text: null,
    });
    expect(await inspectDocument(compoundFile('Workbook'))).toEqual({ type: 'wrong_type', detected: 'cfb' });
    expect(await inspectDocument(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toEqual({
      type: 'wrong_type',
      detected: null,
    });
  });

  it('refuses a zip bomb by the bytes it really inflates, not the sizes it declares', async () => {
    const bomb = zipBomb(12 * MB, 1000);
    expect(bomb.length).toBeLessThan(100_000);
    expect(checkZip(bomb, 4 * MB)).toEqual({ type: 'too_large', unpacked: 4 * MB + 1 });
    const r = await inspectDocument(bomb, { ...DEFAULT_INSPECT_LIMITS, maxUnpackedBytes: 4 * MB });
    expect(r).toEqual({ type: 'zip_bomb' });
    // The same archive under a higher limit is measured whole: its real size, not the declared 1000.
    expect(checkZip(bomb, 20 * MB)).toMatchObject({ type: 'ok', entries: 2 });
  });

  it('stops a reading that takes too long: a file not even typed in time is unreadable', async () => {
    const pdf = pdfWithText(['NV3: hoàn thành'], 1);
    expect(await inspectDocument(pdf, { ...DEFAULT_INSPECT_LIMITS, timeoutMs: 1 })).toEqual({
      type: 'unreadable',
    });
  });
});
