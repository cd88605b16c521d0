using System.Globalization;

namespace ItEval.Cycle.Process;

/// <summary>The orchestration's custom status in words (Vietnamese and English): what it does now and what it waits for.</summary>
public static class CycleProcessWords
{
    public static ProcessStatus Status(CycleState state, IReadOnlyList<WorkGroup> work, DueTimer? next)
    {
        var doing = work.Count == 0 ? "waiting"
            : string.Join(", ", work.GroupBy(w => w.Kind, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Sum(w => w.Items)}"));
        var (vi, en) = Waiting(state, next);
        return new ProcessStatus(state.Phase.ToString(), state.Version, state.Units.Count, state.AnnouncedUnits, state.SubmittedUnits,
            state.AppraisedUnits.Count, state.PublishedEdition, state.FailedWork.Count, doing, vi, en, next?.At, next?.Purpose);
    }

    public static ProcessStatus Missing(string cycleId) =>
        new("Missing", 0, 0, 0, 0, 0, 0, 0, "finished", $"Không có kỳ đánh giá \"{cycleId}\".", $"There is no cycle \"{cycleId}\".", null, null);

    /// <summary>The record could not be read: the process waits and says why.</summary>
    public static ProcessStatus Unreadable(string error) =>
        new("Unreadable", 0, 0, 0, 0, 0, 0, 0, error, $"Không đọc được hồ sơ của kỳ đánh giá; sẽ thử lại sau một phút. Lỗi: {error}",
            $"The cycle's record cannot be read; trying again in a minute. Error: {error}", null, null);

    private static (string Vi, string En) Waiting(CycleState state, DueTimer? next)
    {
        var at = next is null ? "" : state.Calendar.Today(next.At).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var atEn = next is null ? "" : state.Calendar.Today(next.At).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return state.Phase switch
        {
            CyclePhase.Draft => ("Chưa bắt đầu.", "Not started."),
            CyclePhase.Announcing => ("Đang gửi thông báo đến các đơn vị.", "Announcing the plan to the units."),
            CyclePhase.Collecting => ($"Chờ các đơn vị nộp phiếu tự đánh giá; mốc tiếp theo: {Purpose(next, vi: true)} ngày {at}.",
                $"Waiting for the units' self-assessments; next: {Purpose(next, vi: false)} on {atEn}."),
            CyclePhase.Scheduling => ("Đang lập lịch thẩm định.", "Planning the appraisal visits."),
            CyclePhase.Appraising => ("Chờ tổ thẩm định chấm điểm và quản trị viên kết thúc thẩm định.", "Waiting for the appraisals and for the admin to close appraisal."),
            CyclePhase.Ranking => ("Chờ quản trị viên công bố kết quả.", "Waiting for the admin to publish the results."),
            CyclePhase.Published when next is not null => ($"Đã công bố; nhận kiến nghị đến ngày {at}.", $"Published; complaints close on {atEn}."),
            CyclePhase.Published => ("Đã công bố; chờ quản trị viên kết thúc kỳ.", "Published; waiting for the admin to close the cycle."),
            CyclePhase.Suspended => ("Đang tạm dừng; chờ quản trị viên cho tiếp tục.", "Suspended; waiting for the admin to resume."),
            CyclePhase.Closed => ("Đã kết thúc.", "Closed."),
            CyclePhase.Terminated => ("Đã hủy.", "Terminated."),
            _ => ("", ""),
        };
    }

    private static string Purpose(DueTimer? next, bool vi) => next?.Purpose switch
    {
        null => vi ? "không có" : "none",
        "collecting ends" => vi ? "hết hạn nộp" : "collecting ends",
        "complaints close" => vi ? "hết hạn nhận kiến nghị" : "complaints close",
        { } p when p.StartsWith("reminder", StringComparison.Ordinal) => vi ? "nhắc hạn" : "a reminder",
        { } p when p.StartsWith("progress summary", StringComparison.Ordinal) => vi ? "báo cáo tiến độ" : "the progress summary",
        { } p => p,
    };
}
