import type { UnitCategory } from '../status';
import type { CellState } from '../compile';
import { formatDateTime } from './dates';
import { bold } from './format';

/**
 * The office's web page: the sign-in link sent in the chat, and the words of the pages (headings, labels,
 * notices). The pages' markup lives in `src/web`; what a person reads lives here.
 */

/** Who a link or a session is for: the role of the chat it came from, and that chat's name for it. */
export interface WebAudience {
  role: 'office' | 'leader' | 'supervisor' | 'unit';
  /** "Phòng Văn hóa – Xã hội", "Lãnh đạo phường", "Ủy ban MTTQ phường", "Phòng KT-HT-ĐT". */
  name: string;
}

/** `/web`: the one-time link, how long it lasts, and that it is the chat's own. */
export function webLinkMessage(url: string, expiresAt: Date, timeZone: string, who: WebAudience): string {
  const what =
    who.role === 'unit'
      ? `trang của ${who.name} trên trang theo dõi`
      : `trang theo dõi báo cáo (dành cho ${who.name})`;
  return [
    bold(`Đường dẫn đăng nhập ${what}:`),
    url,
    `Dùng được một lần, hết hạn lúc ${formatDateTime(expiresAt, timeZone)}. Mở đường dẫn rồi bấm "Đăng nhập"; phiên làm việc kéo dài 12 giờ.`,
    'Đường dẫn đăng nhập với quyền của nhóm này: đề nghị không chuyển cho người ngoài nhóm.',
  ].join('\n');
}

export function webOffMessage(): string {
  return 'Trang web theo dõi chưa được bật trên máy chủ của bot. Đề nghị quản trị viên đặt WEB=on rồi khởi động lại bot.';
}

/** The words of the pages. */
export const WEB = {
  siteTitle: 'Theo dõi báo cáo',
  nav: {
    overview: 'Tình hình',
    difficulties: 'Vướng mắc',
    exports: 'Xuất tệp',
    scorecard: 'Xếp hạng năm',
    unit: 'Trang đơn vị',
    signOut: 'Đăng xuất',
  },
  signedInAs: (who: WebAudience, until: Date, timeZone: string) =>
    `Đăng nhập với quyền của ${who.name}, đến ${formatDateTime(until, timeZone)}`,
  signedOut: 'Đã đăng xuất.',
  signIn: {
    title: 'Đăng nhập trang theo dõi',
    intro: (who: WebAudience) => `Đường dẫn này đăng nhập với quyền của ${who.name}.`,
    expires: (at: Date, timeZone: string) => `Đường dẫn hết hạn lúc ${formatDateTime(at, timeZone)}.`,
    button: 'Đăng nhập',
    unknown: 'Đường dẫn đăng nhập không đúng. Gõ /web trong nhóm chat của anh/chị để nhận đường dẫn mới.',
    used: 'Đường dẫn này đã được dùng để đăng nhập; mỗi đường dẫn chỉ dùng một lần. Gõ /web trong nhóm chat để nhận đường dẫn mới.',
    expired:
      'Đường dẫn này đã hết hạn (mỗi đường dẫn dùng được 15 phút). Gõ /web trong nhóm chat để nhận đường dẫn mới.',
    unbound: (office: string) =>
      `Nhóm chat đã tạo đường dẫn này không còn được đăng ký với bot, nên không đăng nhập được. Đề nghị liên hệ ${office}.`,
    tooMany: 'Có quá nhiều lần đăng nhập từ địa chỉ này. Đề nghị thử lại sau ít phút.',
  },
  refused: {
    signedOut: 'Anh/chị chưa đăng nhập, hoặc phiên làm việc đã hết hạn.',
    howToSignIn:
      'Gõ /web trong nhóm chat của anh/chị với bot (nhóm của Phòng, của lãnh đạo, nhóm giám sát hoặc nhóm của đơn vị) để nhận đường dẫn đăng nhập.',
    role: 'Trang này không dành cho nhóm đã đăng nhập.',
    otherUnit: 'Mỗi đơn vị chỉ xem được trang của đơn vị mình.',
    documents: (office: string) =>
      `Văn bản của đơn vị chỉ ${office}, lãnh đạo phường và chính đơn vị đó được tải về (văn bản có thể chứa thông tin cá nhân).`,
    csrf: 'Biểu mẫu đã cũ hoặc không được gửi từ trang này. Đề nghị tải lại trang rồi thử lại.',
    notFound: 'Không có trang này.',
    storage:
      'Cơ sở dữ liệu của bot đang tạm thời không ghi được; chưa thực hiện được thao tác. Đề nghị thử lại sau ít phút.',
    back: 'Về trang chính',
  },
  overview: {
    title: (period: string) => `Tình hình báo cáo ${period}`,
    plan: (number: string) => `Kế hoạch số ${number}`,
    choosePeriod: 'Kỳ báo cáo',
    show: 'Xem',
    counts: {
      on_time: 'Đúng hạn',
      late: 'Muộn',
      missing: 'Chưa nộp',
      overdue: 'trong đó quá hạn',
      documents: 'Đã gửi văn bản',
      units: 'Đơn vị phải báo cáo',
    },
    unitColumn: 'Đơn vị',
    tallyRow: 'Hoàn thành',
    refreshNote: 'Trang tự cập nhật khi có báo cáo mới.',
    documentMark: 'VB',
    documentsSent: 'Đơn vị đã gửi văn bản báo cáo trong kỳ',
    openDifficulties: (n: number) => `${n} vướng mắc chưa được trả lời`,
    legend: 'Chú giải',
    noUnits: 'Kỳ này không có đơn vị nào phải báo cáo.',
  },
  unit: {
    lead: 'Chủ trì',
    coordinate: 'Phối hợp',
    tasks: 'Nhiệm vụ',
    noTasks: 'Đơn vị không có nhiệm vụ phải báo cáo trong kế hoạch này.',
    revisions: 'Các lần gửi báo cáo',
    noReport: (deadline: string) => `Chưa có báo cáo. Hạn nộp: ${deadline}.`,
    revision: (n: number) => `Lần ${n}`,
    latest: 'bản đang dùng',
    onTime: 'đúng hạn',
    late: 'muộn',
    sender: 'Người gửi',
    proposals: 'Đề xuất',
    documents: 'Văn bản đã gửi',
    noDocuments: 'Chưa gửi văn bản nào trong kỳ này.',
    documentsHidden: (n: number, office: string) =>
      `Đơn vị đã gửi ${n} văn bản trong kỳ. Văn bản chỉ ${office}, lãnh đạo phường và chính đơn vị được tải về.`,
    download: 'Tải về',
    document: 'Văn bản',
    size: 'Dung lượng',
    received: 'Nhận lúc',
    difficulties: 'Vướng mắc của đơn vị',
    noDifficulties: 'Đơn vị chưa nêu vướng mắc nào.',
    currentStatus: 'Trạng thái kỳ này',
    code: 'Mã',
    task: 'Nhiệm vụ',
    role: 'Vai trò',
    notReported: 'không báo cáo riêng',
    notAsked: 'kỳ này không hỏi',
    missingInReport: 'Chưa có trong báo cáo',
  },
  difficulties: {
    title: 'Khó khăn, vướng mắc',
    filters: {
      open: 'Chưa trả lời',
      escalated: 'Đã chuyển cấp, chờ trả lời',
      answered: 'Đã trả lời',
      closed: 'Đã đóng',
      all: 'Tất cả',
    },
    none: 'Không có vướng mắc nào trong mục này.',
    number: (id: number) => `Số ${id}`,
    raised: 'Nêu lúc',
    answer: 'Trả lời',
    answerLabel: 'Nội dung trả lời (gửi tới nhóm của đơn vị)',
    sendAnswer: 'Gửi trả lời',
    close: 'Đóng vướng mắc',
    escalate: 'Báo cáo, đề xuất cấp có thẩm quyền',
    escalateLabel: 'Nơi nhận hoặc ghi chú (không bắt buộc), ví dụ: Sở Nội vụ, Công văn số …/UBND',
    status: { open: 'Chưa trả lời', answered: 'Đã trả lời', closed: 'Đã đóng' },
    emptyAnswer: 'Đề nghị nhập nội dung trả lời.',
    tooLong: (max: number) => `Nội dung trả lời dài quá ${max} ký tự; đề nghị rút gọn.`,
    page: (n: number, of: number) => `Trang ${n}/${of}`,
    previous: 'Trang trước',
    next: 'Trang sau',
  },
  exports: {
    title: 'Xuất tệp tổng hợp',
    intro:
      'Bảng tính tổng hợp và các dự thảo báo cáo của kỳ, tạo bằng cùng cách với lệnh /xuat. Tệp được lưu trên máy chủ của bot.',
    make: 'Tạo tệp mới cho kỳ này',
    files: 'Tệp đã tạo cho kỳ này',
    none: 'Chưa có tệp nào cho kỳ này. Bấm "Tạo tệp mới cho kỳ này".',
    made: (n: number) => `Đã tạo ${n} tệp.`,
    failed:
      'Không tạo được tệp tổng hợp do lỗi của bot; dữ liệu báo cáo không bị ảnh hưởng. Đề nghị thử lại sau ít phút hoặc báo quản trị viên.',
    name: 'Tệp',
    size: 'Dung lượng',
    at: 'Tạo lúc',
  },
  scorecard: {
    title: (year: number) => `Theo dõi việc báo cáo năm ${year}`,
    order: 'Xếp theo: ít báo cáo chưa nộp, ít báo cáo muộn, nhiều nhiệm vụ hoàn thành.',
    year: 'Năm',
    columns: {
      rank: 'Hạng',
      unit: 'Đơn vị',
      due: 'Đã đến hạn',
      onTime: 'Đúng hạn',
      late: 'Muộn',
      missing: 'Chưa nộp',
      tasks: 'Nhiệm vụ hoàn thành',
    },
    none: 'Chưa có đơn vị nào phải báo cáo trong năm này.',
  },
  time: (at: Date, timeZone: string) => formatDateTime(at, timeZone),
} as const;

/** A cell of the matrix: a short mark (read without colour too) and its meaning. */
export const CELL_MARKS: Record<CellState | 'overdue' | 'not_due', { mark: string; label: string }> = {
  done: { mark: 'HT', label: 'Hoàn thành' },
  in_progress: { mark: 'ĐTH', label: 'Đang thực hiện' },
  not_started: { mark: 'CTH', label: 'Chưa thực hiện' },
  not_applicable: { mark: 'KPS', label: 'Không phát sinh' },
  unknown: { mark: '?', label: 'Đã báo cáo, chưa rõ trạng thái' },
  missing: { mark: 'Thiếu', label: 'Báo cáo chưa có nhiệm vụ này' },
  not_asked: { mark: '–', label: 'Không phải báo cáo nhiệm vụ này' },
  overdue: { mark: '✗', label: 'Quá hạn, chưa nộp' },
  not_due: { mark: '·', label: 'Chưa nộp, chưa đến hạn' },
};

export const CATEGORY_SHORT: Record<UnitCategory, string> = {
  on_time: 'Đúng hạn',
  late: 'Muộn',
  not_due: 'Chưa nộp',
  overdue: 'Quá hạn',
};
