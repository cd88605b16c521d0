using System.Globalization;
using ItEval.Email;
using ItEval.Ranking;

namespace ItEval.Cycle;

/// <summary>
/// The texts of the cycle's emails, in Vietnamese. Deliberately plain: the email issue replaces them
/// with HTML + text templates in both languages; ids and recipients stay as they are here.
/// </summary>
internal static class CycleEmails
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static string Id(string cycleId, string unitId, string kind, string? key) => $"{cycleId}/{unitId}/{kind}/{key ?? "1"}";

    public static EmailMessage Announcement(CycleDefinition cycle, UnitInfo unit, string link, DateOnly deadline) => new(
        Id(cycle.Id, unit.Id, EmailKinds.Announcement, null), EmailKinds.Announcement, unit.Emails,
        $"[ItEval] Kế hoạch {cycle.Name}",
        $"Kính gửi {unit.Name},\n\nBộ phận CNTT thông báo kế hoạch {cycle.Name}.\n" +
        $"Hạn nộp phiếu tự đánh giá: {deadline.ToString("dd/MM/yyyy", Vi)}.\n\n" +
        $"Đường dẫn riêng của đơn vị (tải phiếu đánh giá, nộp phiếu và minh chứng):\n{link}\n\n" +
        "Vui lòng không chuyển tiếp đường dẫn này.\n");

    public static EmailMessage Reminder(CycleDefinition cycle, UnitInfo unit, string kind, string key, DateOnly deadline, DateOnly today) => new(
        Id(cycle.Id, unit.Id, kind, key), kind, unit.Emails,
        kind == EmailKinds.Overdue ? $"[ItEval] Quá hạn nộp phiếu - {cycle.Name}" : $"[ItEval] Nhắc hạn nộp phiếu - {cycle.Name}",
        kind == EmailKinds.Overdue
            ? $"Kính gửi {unit.Name},\n\nĐơn vị chưa nộp phiếu tự đánh giá; hạn nộp là {deadline.ToString("dd/MM/yyyy", Vi)}.\nĐề nghị liên hệ bộ phận CNTT để được mở lại.\n"
            : $"Kính gửi {unit.Name},\n\nCòn {deadline.DayNumber - today.DayNumber} ngày đến hạn nộp phiếu tự đánh giá ({deadline.ToString("dd/MM/yyyy", Vi)}).\nĐơn vị chưa nộp phiếu.\n");

    public static EmailMessage Extended(CycleDefinition cycle, UnitInfo unit, string key, DateOnly deadline) => new(
        Id(cycle.Id, unit.Id, EmailKinds.DeadlineExtended, key), EmailKinds.DeadlineExtended, unit.Emails,
        $"[ItEval] Gia hạn nộp phiếu - {cycle.Name}",
        $"Kính gửi {unit.Name},\n\nHạn nộp phiếu tự đánh giá được gia hạn đến hết ngày {deadline.ToString("dd/MM/yyyy", Vi)}.\n");

    public static EmailMessage VisitPlan(CycleDefinition cycle, UnitInfo unit, Visit visit, string kind, string key) => new(
        Id(cycle.Id, unit.Id, kind, key), kind, unit.Emails,
        kind == EmailKinds.VisitReminder ? $"[ItEval] Nhắc lịch thẩm định ngày {visit.Day.ToString("dd/MM/yyyy", Vi)}" : $"[ItEval] Lịch thẩm định - {cycle.Name}",
        $"Kính gửi {unit.Name},\n\nTổ thẩm định làm việc với đơn vị ngày {visit.Day.ToString("dd/MM/yyyy", Vi)}, buổi {visit.Slot + 1}.\n" +
        $"Thành viên: {string.Join(", ", cycle.Team.Where(m => visit.TeamMemberIds.Contains(m.Id)).Select(m => m.Name))}.\n" +
        "Đề nghị đơn vị chuẩn bị hồ sơ, minh chứng theo phiếu tự đánh giá.\n");

    public static EmailMessage TeamPlan(CycleDefinition cycle, IEnumerable<(UnitInfo Unit, Visit Visit)> visits) => new(
        Id(cycle.Id, "team", EmailKinds.VisitPlan, "team"), EmailKinds.VisitPlan, [.. cycle.Team.Select(m => m.Email)],
        $"[ItEval] Lịch thẩm định - {cycle.Name}",
        "Lịch thẩm định:\n" + string.Join("\n", visits.OrderBy(v => v.Visit.Day).ThenBy(v => v.Visit.Slot)
            .Select(v => $"{v.Visit.Day.ToString("dd/MM/yyyy", Vi)} buổi {v.Visit.Slot + 1}: {v.Unit.Name}")) + "\n");

    public static EmailMessage Result(CycleDefinition cycle, UnitInfo unit, RankingRow row, string key) => new(
        Id(cycle.Id, unit.Id, EmailKinds.Result, key), EmailKinds.Result, unit.Emails,
        $"[ItEval] Kết quả {cycle.Name}",
        $"Kính gửi {unit.Name},\n\nTổng điểm: {ScoreDisplay.Format(row.Total, row.Method)}. " +
        (row.Rank is { } rank ? $"Xếp hạng: {rank} (khối {row.RankingGroup}). Xếp loại: {row.BandCode}.\n" : "Đơn vị không được xếp hạng.\n"));

    public static EmailMessage AdminSummary(CycleDefinition cycle, IReadOnlyList<RankingRow> rows, string key) => new(
        Id(cycle.Id, "admins", EmailKinds.AdminSummary, key), EmailKinds.AdminSummary, cycle.AdminEmails,
        $"[ItEval] Đã công bố kết quả {cycle.Name}",
        $"Đã gửi kết quả cho {rows.Count} đơn vị.\n" + string.Join("\n", rows.GroupBy(r => r.BandCode ?? "-").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}")) + "\n");

    public static EmailMessage AdminAlert(CycleDefinition cycle, string workId, string? error) => new(
        Id(cycle.Id, "admins", EmailKinds.AdminAlert, workId.Replace(':', '-')), EmailKinds.AdminAlert, cycle.AdminEmails,
        $"[ItEval] Lỗi xử lý - {cycle.Name}",
        $"Một công việc không thực hiện được sau nhiều lần thử: {workId}.\n{error}\n");
}
