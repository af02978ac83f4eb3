/**
 * HTML built by tagged templates that escape every value put into them: only markup written in a
 * template (or returned by one) is markup; everything else — unit names, report text, a difficulty a
 * unit typed — is text. A value is never put into a page any other way.
 */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A value in a template: markup as is, lists joined, nothing for null, undefined and false, text escaped. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  // Our own markup characters for bold (private use) never reach a page.
  return escapeHtml(String(value).replace(/[\uE000\uE001]/g, ''));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** A path of the page with its query, each part encoded: `/web/donvi/<id>?ky=<period id>`. */
export function href(path: string, query: Record<string, string | number | null | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined) params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

/** A path segment taken from data (a unit id): encoded so it stays one segment. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
