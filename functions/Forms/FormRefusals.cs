namespace ItEval.Forms;

/// <summary>Why a whole file is refused, each saying what to do, in Vietnamese and English.</summary>
internal static class FormRefusals
{
    public static readonly FormProblem Empty = Where.File.Problem("tệp rỗng", "the file is empty");

    public static readonly FormProblem NotASpreadsheet = Where.File.Problem(
        "tệp không phải bảng tính Excel (.xlsx), CSV hoặc JSON",
        "the file is not an Excel workbook (.xlsx), CSV or JSON");

    public static readonly FormProblem Corrupt = Where.File.Problem(
        "tệp Excel bị hỏng hoặc không đọc được; hãy mở bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại",
        "the Excel file is corrupt or unreadable; open it in Excel, save it as .xlsx and upload it again");

    public static readonly FormProblem Macros = Where.File.Problem(
        "tệp có chứa macro (.xlsm); hãy lưu dưới dạng Excel Workbook (.xlsx) không có macro",
        "the file contains macros (.xlsm); save it as an Excel Workbook (.xlsx) without macros");

    public static readonly FormProblem PasswordProtected = Where.File.Problem(
        "tệp được đặt mật khẩu; hãy bỏ mật khẩu mở tệp rồi tải lên lại",
        "the file is password-protected; remove the open password and upload it again");

    public static readonly FormProblem OldExcel = Where.File.Problem(
        "tệp là định dạng Excel 97-2003 (.xls); hãy dùng phiếu .xlsx được cấp",
        "the file is in the Excel 97-2003 format (.xls); use the .xlsx form you were given");

    public static readonly FormProblem Dtd = Where.File.Problem(
        "tệp chứa khai báo XML không được phép (DTD, thực thể ngoài)",
        "the file contains XML declarations that are not allowed (DTD, external entities)");

    public static readonly FormProblem NotOurForm = Where.File.Problem(
        "tệp không phải phiếu đánh giá do hệ thống cấp (không có thông tin nhận dạng); hãy tải phiếu từ đường dẫn riêng của đơn vị",
        "the file is not an evaluation form issued by the system (no identity data); download the form from your unit's link");

    public static readonly FormProblem Tampered = Where.File.Problem(
        "thông tin nhận dạng của phiếu đã bị thay đổi; hãy tải lại phiếu gốc từ đường dẫn riêng của đơn vị",
        "the form's identity data was altered; download the original form again from your unit's link");

    public static readonly FormProblem OtherCycle = Where.File.Problem(
        "phiếu thuộc kỳ đánh giá khác; hãy dùng phiếu của kỳ đánh giá hiện tại",
        "the form belongs to another evaluation cycle; use the form of the current cycle");

    public static readonly FormProblem OtherUnit = Where.File.Problem(
        "phiếu này được cấp cho đơn vị khác; hãy dùng phiếu của đơn vị mình",
        "this form was issued to another unit; use your own unit's form");

    public static FormProblem OtherRubric(string id, int version, int expected) => Where.File.Problem(
        $"phiếu dùng bộ tiêu chí {id} phiên bản {version}, kỳ này dùng phiên bản {expected}; hãy tải phiếu mới",
        $"the form uses rubric {id} version {version} but this cycle uses version {expected}; download the new form");

    public static FormProblem TooLarge(long bytes, long limit) => Where.File.Problem(
        $"tệp có dung lượng {MbVi(bytes)} MB, vượt quá giới hạn {MbVi(limit)} MB",
        $"the file is {Mb(bytes)} MB, over the {Mb(limit)} MB limit");

    public static FormProblem UnpackedTooLarge(long limit) => Where.File.Problem(
        $"tệp giải nén ra quá {MbVi(limit)} MB nên không phải phiếu đánh giá hợp lệ",
        $"the file unpacks to more than {Mb(limit)} MB, so it is not a valid evaluation form");

    public static FormProblem TooManyEntries(int limit) => Where.File.Problem(
        $"tệp chứa quá {limit} thành phần nên không phải phiếu đánh giá hợp lệ",
        $"the file holds more than {limit} parts, so it is not a valid evaluation form");

    private static string Mb(long bytes) => Numbers.En(Math.Round(bytes / 1048576m, 1));

    private static string MbVi(long bytes) => Numbers.Vi(Math.Round(bytes / 1048576m, 1));
}
