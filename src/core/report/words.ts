/*
 * The words a reply's lines are read by, folded: list markers, task references, the heads of
 * difficulties and proposals, letter closings, questions and talk between colleagues.
 */

/** A list marker at the start of a line: "1.", "a)", "-", "•", "+", "(2)", "I.", "1/", "STT 1 -". */
export const MARKER =
  /^(?:[-+*•·●▪►–—>]+\s*|\d{1,2}[.)/](?!\d)\s*|[a-h][.)]\s+|\(\d{1,2}\)\s*|[ivx]{1,4}[.)]\s+|stt\s*\d{1,2}\s*[.:–-]?\s*)/;
/** A task reference anywhere: "NV3", "NV 3", "nv3", "Nv.3", "Nhiệm vụ 3", "Nhiệm vụ số 3". */
export const REF = /(?<![a-z0-9])(?:nv|n\.v\.?|nvu|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*0*([1-9]\d?)(?!\d)/y;
export const REF_ANYWHERE = /(?<![a-z0-9])(?:nv|n\.v\.?|nvu|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*0*[1-9]/g;
/** One more task of a list: "NV3, NV7", "NV3 và NV4", "NV3 với NV7", "Nhiệm vụ 3, nhiệm vụ 4", "NV1 NV4". */
export const MORE_REF =
  /\s*(?:[,&+/–-]|(?:va|voi|vs)(?![a-z]))?\s*(?:nv|n\.v\.?|nhiem\s*vu)\s*(?:so\s*)?[.#-]?\s*0*([1-9]\d?)(?!\d)/y;
/** One more bare number of a list: "NV3 và 4", "NV1, 4, 5, 6". */
export const MORE_BARE = /\s*(?:[,&+/]|va(?![a-z]))\s*0*([1-9]\d?)(?!\d)/y;
export const TASK_ATTEMPT = /^(?:nv|nhiem\s*vu)(?![a-z])\s*(?:so\s*)?(?:[:.=–-]|$)/;
export const WORD_NUMBER =
  /^(?:nv|nhiem\s*vu)\s*(?:so\s*)?(?:mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)(?![a-z])/;
export const DIFFICULTY =
  /^(?:cac\s+)?(?:kho\s*khan|vuong\s*mac|kien\s*nghi)(?:\s*(?:,|va|\/|&)\s*(?:kho\s*khan|vuong\s*mac|kien\s*nghi))*\s*(?:[:–—-]|$)\s*/;
export const PROPOSAL =
  /^(?:de\s*xuat)(?:\s*(?:,|va|\/|&)\s*(?:kien\s*nghi|kho\s*khan|vuong\s*mac))*\s*(?:[:–—-]|$)\s*/;
export const NONE =
  /^(?:khong|ko|k|khong co|khong co gi|chua co|khong co kho khan|khong co vuong mac|khong co de xuat)\s*[.!]?$/;
/** The end of a letter: greetings, thanks, signatures, recipients. */
export const CLOSING =
  /^(?:tran trong|xin cam on|(?:em |chung em )?cam on|thanks|tks|thank you|kinh chuc|chuc |nguoi (?:bao cao|lap|viet)|thu truong|truong (?:phong|tram|ban|cong an)|giam doc|tram truong|chi huy truong|t\/?m\.?\s|k\/?t\.?\s|luu:|nhu tren)/;
export const RECIPIENTS = /^noi\s*nhan\b/;
/** The head of a section of plans: "III. Phương hướng …", "Nhiệm vụ thời gian tới", "Kế hoạch 6 tháng cuối năm". */
export const PLANS_AHEAD =
  /^(?:[ivx]{1,4}[.)/]\s*|\d{1,2}[.)/]\s*)?(?:phuong\s*huong|(?:nhiem\s*vu|ke\s*hoach|giai\s*phap)(?:\s*,\s*giai\s*phap)?\s*(?:trong\s*)?(?:thoi\s*gian\s*toi|ky\s*toi|sap\s*toi)|(?:nhiem\s*vu|ke\s*hoach)\s*6\s*thang\s*cuoi\s*nam\b.{0,20}$)/;
/** A head that owns up to being late: "gửi muộn", "nộp chậm", "bổ sung báo cáo", "kỳ trước chưa gửi". */
export const LATE_ON_PURPOSE =
  /(?:^|[^a-z])(?:bo\s*sung|(?:gui|nop)\s*(?:muon|cham|tre)|ky\s*truoc)(?![a-z])/;
export const SEPARATORS = /^[\s:;,.=>)|–—-]+/;
const FIGURE = /\d[\d.,]*\s*%|\d[\d.,]*(?:\s+[\p{L}\p{M}][\p{L}\p{M}'’]*){1,2}/gu;
/** Words after which a task number is named in passing, not reported on: "phối hợp với NV5". */
export const LINKING = new Set([
  'voi',
  'cua',
  'va',
  'cung',
  'tai',
  'theo',
  'nhu',
  'thuoc',
  'trong',
  'sang',
  'cho',
  've',
  'o',
  'giua',
  'tu',
  'den',
  'phan',
  'cac',
  'ca',
  'moi',
  'bang',
  'minh',
  'chung',
]);
/** How a sentence ends when it asks: "… xong chưa em?", "… ai phụ trách vậy", "… đến đâu rồi". */
const QUESTION_END =
  /(?:^|\s)(?:chua|nhi|ha|sao|chu|the nao|ra sao|den dau|o dau|gi|nao|bao gio|khi nao|bao nhieu|duoc khong|phai khong|dung khong)(?:\s+roi)?(?:\s+(?:vay|the|em|anh|chi|ban|ca nha|moi nguoi|nhi|ha|a|oi|nhe))*\s*$/;
const QUESTION_WORDS =
  /(?:^|\s)(?:ai|the nao|ra sao|den dau|bao gio|khi nao|bao nhieu|o dau|co phai)(?:\s|$)/;
/** "Có … không?" without its question mark: "có vướng mắc gì không em". */
const HAS_OR_NOT = /(?:^|\s)co\s.+\s(?:khong|ko)(?:\s+(?:vay|em|anh|chi|a|nhi|ha))*\s*$/;
/** Talk between colleagues: an instruction or a remark ("… hỏi chị Lan nhé", "… mà", "mọi người ơi"). */
const TALK_END = /(?:^|\s)(?:nhe|nha|nhi|ma|day|thoi|ha|chu|di|voi|vay|nhe a|nha a)\s*[.!…]*$/;
const TALK_ANYWHERE =
  /(?:^|\s)(?:moi nguoi|ca nha|cac ban|(?:anh|chi|em|bac|co|chu|ban|ad|admin) oi)(?:\s|$|[,.!])/;
/** Words of a correction: "Sửa lại NV3: …", "Em xin sửa NV7 thành …", "Đính chính: …". */
export const CORRECTION =
  /(?:^|[^a-z])(?:sua(?:\s+lai)?|dinh\s*chinh|dieu\s*chinh|cap\s*nhat\s+lai)(?![a-z])/;

/** Figures written in a result, kept as written: "2 hội nghị", "150 lượt CBCC", "100%". */
export function figuresOf(result: string): string[] {
  return [...result.matchAll(FIGURE)].map((m) => m[0].trim()).filter((s) => /\d/.test(s));
}

/** Whether a folded sentence asks something. */
export function isQuestion(sentence: string): boolean {
  const s = sentence.trim();
  if (s.includes('?')) return true;
  if (ASKS_DONE.test(s)) return true;
  const bare = s.replace(/[.!…,;]+$/, '').trim();
  // "NV6 chưa làm gì", "không có gì": nothing done, not a question.
  if (NOTHING.test(bare)) return false;
  return (
    QUESTION_END.test(bare) || HAS_OR_NOT.test(bare) || (QUESTION_WORDS.test(bare) && TALK_END.test(bare))
  );
}

/** "… xong chưa em, chị Hằng hỏi kìa": asking whether it is done, wherever it stands in the sentence. */
const ASKS_DONE =
  /(?:^|\s)(?:xong|hoan thanh|lam|nop|gui|bao cao|co)\s+chua(?:\s+(?:em|anh|chi|a|vay|nhi|ha|the|ban))*\s*(?:[,;]|$)/;
/** "chưa làm gì", "không có gì", "chưa triển khai được gì": a negation ending in "gì". */
export const NOTHING =
  /(?:^|\s)(?:chua|khong|ko|chang)(?:\s+[a-z]+){1,3}\s+gi(?:\s+(?:ca|het|a|chi|anh|em))*$/;

/** Whether a folded text talks to people rather than reports: an instruction, a remark, a call. */
export function isTalk(text: string): boolean {
  const s = text.trim();
  return isQuestion(s) || TALK_END.test(s) || TALK_ANYWHERE.test(s);
}
