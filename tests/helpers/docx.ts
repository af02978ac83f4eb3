import JSZip from 'jszip';

/** One run of a .docx paragraph, with the formatting the tests check. */
export interface DocRun {
  text: string;
  bold: boolean;
  italics: boolean;
  /** Half-points; null when the run takes the document's default (14 pt). */
  size: number | null;
  highlight: boolean;
}

/** One paragraph of a .docx, read back from its XML. */
export interface DocParagraph {
  text: string;
  runs: DocRun[];
  /** The paragraph has a bottom border: a drawn line. */
  rule: boolean;
  indent: { left: number; right: number };
  centred: boolean;
}

export interface DocxRead {
  xml: string;
  styles: string;
  headers: string[];
  paragraphs: DocParagraph[];
  /** The whole text, one paragraph after another, non-breaking spaces as spaces. */
  text: string;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ');

/** Reads a .docx made by the `docx` library back into paragraphs and runs (its XML is regular enough). */
export async function readDocx(data: Buffer): Promise<DocxRead> {
  const zip = await JSZip.loadAsync(data);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const headers = await Promise.all(zip.file(/^word\/header\d+\.xml$/).map((f) => f.async('string')));
  const paragraphs = [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const body = m[1] ?? m[2] ?? '';
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(body)?.[1] ?? '';
    const runs = [...body.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((r) => {
      const rb = r[1] ?? '';
      const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(rb)?.[1] ?? '';
      return {
        text: unescape([...rb.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
        bold: /<w:b\/>|<w:b w:val="true"\/>/.test(rPr),
        italics: /<w:i\/>|<w:i w:val="true"\/>/.test(rPr),
        size: Number(/<w:sz w:val="(\d+)"\/>/.exec(rPr)?.[1] ?? NaN) || null,
        highlight: /<w:highlight w:val="yellow"\/>/.test(rPr),
      };
    });
    const ind = /<w:ind ([^>]*)\/>/.exec(pPr)?.[1] ?? '';
    return {
      text: runs.map((r) => r.text).join(''),
      runs,
      rule: /<w:pBdr>[\s\S]*<w:bottom w:val="single"/.test(pPr),
      indent: {
        left: Number(/w:left="(-?\d+)"/.exec(ind)?.[1] ?? 0),
        right: Number(/w:right="(-?\d+)"/.exec(ind)?.[1] ?? 0),
      },
      centred: /<w:jc w:val="center"\/>/.test(pPr),
    };
  });
  return { xml, styles, headers, paragraphs, text: paragraphs.map((p) => p.text).join('\n') };
}
