/**
 * Folding of Vietnamese text for loose matching: lower case, no diacritics, `đ` → `d`,
 * runs of white space collapsed. Both tone placements (hoá/hóa, thuỷ/thủy) fold to the same
 * string because the tone mark is removed wherever it sits.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Folded text reduced to words of letters and digits, for matching names that use other punctuation. */
export function foldWords(text: string): string[] {
  return fold(text)
    .replace(/&/g, ' va ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}
