using ItEval.Cycle;
namespace ItEval.Web.UnitPage;

/// <summary>The words of the unit's page, Vietnamese first (the default), English on request.</summary>
public static class UnitPageText
{
    public static string Language(string? requested) => requested == "en" ? "en" : "vi";

    public static IReadOnlyDictionary<string, string> For(string language) => language == "en" ? En : Vi;

    private static readonly Dictionary<string, string> Vi = new()
    {
        ["lang"] = "vi",
        ["other_lang"] = "en",
        ["other_lang_name"] = "English",
        ["title"] = "Trang nộp hồ sơ đánh giá",
        ["deadline"] = "Hạn nộp",
        ["end_of"] = "hết ngày",
        ["reopened"] = "Được mở lại đến hết ngày",
        ["status"] = "Tiến độ",
        ["step_announced"] = "Đã nhận thông báo",
        ["step_uploaded"] = "Đã gửi phiếu",
        ["step_validated"] = "Phiếu hợp lệ",
        ["step_visit"] = "Đã có lịch thẩm định",
        ["step_appraised"] = "Đã thẩm định",
        ["step_published"] = "Đã công bố kết quả",
        ["late"] = "nộp muộn",
        ["form"] = "Phiếu tự đánh giá",
        ["download"] = "Tải phiếu đánh giá của đơn vị (.xlsx)",
        ["upload_form"] = "Nộp phiếu đã điền",
        ["drop"] = "Kéo thả tệp vào đây, hoặc chọn tệp:",
        ["send"] = "Gửi",
        ["accepted"] = "Phiếu hợp lệ và đã được ghi nhận.",
        ["refused"] = "Phiếu chưa hợp lệ. Hãy sửa các lỗi sau rồi gửi lại:",
        ["not_stored"] = "Tệp không được nhận:",
        ["days_not_saved"] = "Chưa lưu được ngày bận:",
        ["versions"] = "Các lần gửi phiếu",
        ["no_versions"] = "Chưa gửi phiếu nào.",
        ["time"] = "Thời điểm",
        ["file"] = "Tệp",
        ["file_size"] = "Dung lượng",
        ["result"] = "Kết quả kiểm tra",
        ["ok"] = "Hợp lệ",
        ["not_ok"] = "Không hợp lệ",
        ["problems"] = "lỗi",
        ["current"] = "Đang dùng",
        ["evidence"] = "Tài liệu minh chứng",
        ["evidence_hint"] = "PDF, ảnh PNG/JPG, Word, Excel, PowerPoint, OpenDocument; tối đa {0} MB mỗi tệp.",
        ["criterion"] = "Tiêu chí",
        ["general"] = "(chung)",
        ["upload_evidence"] = "Gửi minh chứng",
        ["no_evidence"] = "Chưa có minh chứng.",
        ["blackout"] = "Ngày đơn vị không thể làm việc với tổ thẩm định",
        ["blackout_hint"] = "Đánh dấu những ngày đơn vị không thể làm việc với tổ thẩm định (tối đa {0} ngày). Chỉ khai được trước khi lập lịch thẩm định.",
        ["save"] = "Lưu",
        ["saved"] = "Đã lưu.",
        ["visit"] = "Lịch thẩm định",
        ["visit_at"] = "Tổ thẩm định làm việc với đơn vị ngày {0}, từ {1} đến {2}. Thành viên: {3}.",
        ["results"] = "Kết quả đánh giá",
        ["total"] = "Tổng điểm",
        ["rank"] = "Xếp hạng trong khối",
        ["not_submitted_result"] = "Đơn vị không nộp phiếu tự đánh giá nên không có điểm; thứ hạng theo quy định của kỳ đánh giá cho đơn vị không nộp.",
        ["band"] = "Xếp loại",
        ["group"] = "Nhóm tiêu chí",
        ["max"] = "Tối đa",
        ["self"] = "Tự đánh giá",
        ["appraised"] = "Thẩm định",
        ["reason"] = "Lý do điều chỉnh",
        ["readonly"] = "Chỉ xem",
        ["help"] = "Cần hỗ trợ? Hãy liên hệ bộ phận CNTT đã gửi thư cho đơn vị. Không chia sẻ đường dẫn này: ai có đường dẫn đều nộp được hồ sơ thay đơn vị.",
        ["uploading"] = "Đang gửi…",
        ["network_error"] = "Không gửi được tệp (mất kết nối). Hãy thử lại.",
        ["today"] = "hôm nay là ngày cuối",
    };

    private static readonly Dictionary<string, string> En = new()
    {
        ["lang"] = "en",
        ["other_lang"] = "vi",
        ["other_lang_name"] = "Tiếng Việt",
        ["title"] = "Evaluation submission page",
        ["deadline"] = "Deadline",
        ["end_of"] = "end of",
        ["reopened"] = "Reopened until the end of",
        ["status"] = "Progress",
        ["step_announced"] = "Announcement received",
        ["step_uploaded"] = "Form sent",
        ["step_validated"] = "Form valid",
        ["step_visit"] = "Appraisal visit scheduled",
        ["step_appraised"] = "Appraised",
        ["step_published"] = "Result published",
        ["late"] = "late",
        ["form"] = "Self-assessment form",
        ["download"] = "Download your unit's form (.xlsx)",
        ["upload_form"] = "Send the filled form",
        ["drop"] = "Drop the file here, or choose it:",
        ["send"] = "Send",
        ["accepted"] = "The form is valid and has been recorded.",
        ["refused"] = "The form is not valid yet. Fix these problems and send it again:",
        ["not_stored"] = "The file was not accepted:",
        ["days_not_saved"] = "The busy days were not saved:",
        ["versions"] = "Forms sent",
        ["no_versions"] = "No form sent yet.",
        ["time"] = "Time",
        ["file"] = "File",
        ["file_size"] = "Size",
        ["result"] = "Check",
        ["ok"] = "Valid",
        ["not_ok"] = "Not valid",
        ["problems"] = "problem(s)",
        ["current"] = "Current",
        ["evidence"] = "Evidence",
        ["evidence_hint"] = "PDF, PNG/JPG images, Word, Excel, PowerPoint, OpenDocument; at most {0} MB per file.",
        ["criterion"] = "Criterion",
        ["general"] = "(general)",
        ["upload_evidence"] = "Send evidence",
        ["no_evidence"] = "No evidence yet.",
        ["blackout"] = "Days you cannot receive the appraisal visit",
        ["blackout_hint"] = "Tick the days your unit cannot receive the team (at most {0}). Only before visits are scheduled.",
        ["save"] = "Save",
        ["saved"] = "Saved.",
        ["visit"] = "Appraisal visit",
        ["visit_at"] = "The appraisal team visits your unit on {0}, from {1} to {2}. Team: {3}.",
        ["results"] = "Result",
        ["total"] = "Total",
        ["rank"] = "Rank in group",
        ["not_submitted_result"] = "Your unit did not submit a self-assessment, so it has no score; its rank follows this cycle's rule for units that did not submit.",
        ["band"] = "Band",
        ["group"] = "Criteria group",
        ["max"] = "Max",
        ["self"] = "Self-assessed",
        ["appraised"] = "Appraised",
        ["reason"] = "Reason for change",
        ["readonly"] = "Read-only",
        ["help"] = "Need help? Contact the IT office that emailed your unit. Do not share this link: anyone who has it can submit for your unit.",
        ["uploading"] = "Sending…",
        ["network_error"] = "The file could not be sent (connection lost). Try again.",
        ["today"] = "today is the last day",
    };

    /// <summary>The heading of an outcome: accepted, kept, refused, not received, or busy days not saved.</summary>
    public static string Heading(ItEval.Uploads.UploadOutcome outcome, IReadOnlyDictionary<string, string> t) =>
        outcome.Current ? t["accepted"]
        : outcome.Problems is [{ } first, ..] && first.Location == ItEval.Forms.Where.Days.Key ? t["days_not_saved"]
        : outcome.Version is null ? t["not_stored"]
        : outcome.Version.Kind == ItEval.Uploads.UploadKinds.Evidence ? t["saved"] : t["refused"];

    /// <summary>"còn 3 ngày" / "1 day left", "3 days left".</summary>
    public static string DaysLeft(string language, int days) =>
        language == "en" ? $"{CycleWords.Days(days, "en")} left" : $"còn {CycleWords.Days(days, "vi")}";

    /// <summary>"đã quá hạn 2 ngày" / "1 day overdue".</summary>
    public static string DaysOver(string language, int days) =>
        language == "en" ? $"{CycleWords.Days(days, "en")} overdue" : $"đã quá hạn {CycleWords.Days(days, "vi")}";
}
