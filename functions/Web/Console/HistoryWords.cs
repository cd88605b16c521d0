using System.Globalization;
using ItEval.Cycle;

namespace ItEval.Web.Console;

/// <summary>One line of the history as a person reads it: when, who, what (with the reason), and which units it concerns.</summary>
public sealed record HistoryLine(long Sequence, DateTimeOffset At, string Who, string Kind, string Text, IReadOnlyList<string> UnitIds);

/// <summary>
/// Lịch sử thao tác in words: each stored event becomes a sentence in the reader's language
/// ("Nguyễn Văn An (an.nv) gia hạn hạn nộp đến 15/08/2026 cho Sở Tư pháp: lý do …").
/// </summary>
public static class HistoryWords
{
    public static HistoryLine Describe(StoredEvent stored, CycleDefinition cycle, string language)
    {
        var en = language == "en";
        string Unit(string id) => cycle.Units.FirstOrDefault(u => u.Id == id)?.Name ?? id;
        string Units(IReadOnlyCollection<string> ids) => ids.Count == 1 ? Unit(ids.First()) : en ? $"{ids.Count} units" : $"{ids.Count} đơn vị";
        string Member(string id) => cycle.Team.FirstOrDefault(m => m.Id == id)?.Name ?? id;
        string Day(DateOnly day) => day.ToString(en ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);
        string Reason(string reason) => en ? $": reason “{reason}”" : $": lý do “{reason}”";
        string V(string vi, string english) => en ? english : vi;

        var e = stored.Event;
        var (text, units) = e switch
        {
            CycleCreated c => (V($"tạo kỳ đánh giá với {c.Definition.Units.Count} đơn vị", $"created the cycle with {c.Definition.Units.Count} units"), []),
            CycleStarted => (V("bắt đầu kỳ đánh giá: thông báo kế hoạch tới các đơn vị", "started the cycle: the plan goes to every unit"), []),
            UnitsAnnounced a => (V($"gửi thông báo kế hoạch cho {Units(a.UnitIds)}", $"sent the plan to {Units(a.UnitIds)}"), a.UnitIds),
            CollectingOpened => (V("mở thu phiếu tự đánh giá", "opened the collection of self-assessments"), []),
            SubmissionRecorded s => (V($"ghi nhận phiếu tự đánh giá của {Unit(s.UnitId)}{(s.Late ? " (nộp muộn)" : "")}", $"recorded the self-assessment of {Unit(s.UnitId)}{(s.Late ? " (late)" : "")}"), [s.UnitId]),
            DeadlineExtended d => (V($"gia hạn hạn nộp đến {Day(d.Deadline)} cho {(d.UnitId is { } u ? Unit(u) : "tất cả đơn vị")}", $"extended the deadline to {Day(d.Deadline)} for {(d.UnitId is { } u2 ? Unit(u2) : "all units")}") + Reason(d.Reason),
                d.UnitId is { } one ? [one] : []),
            UnitReopened r => (V($"mở lại cho {Unit(r.UnitId)} nộp đến {Day(r.Until)}", $"reopened {Unit(r.UnitId)} until {Day(r.Until)}") + Reason(r.Reason), [r.UnitId]),
            RemindersDue r => (r.DaysFromDeadline > 0
                ? V($"gửi thư quá hạn tới {Units(r.UnitIds)}", $"sent the overdue notice to {Units(r.UnitIds)}")
                : V($"gửi thư nhắc hạn (còn {-r.DaysFromDeadline} ngày) tới {Units(r.UnitIds)}", $"sent a reminder ({CycleWords.Days(-r.DaysFromDeadline, "en")} left) to {Units(r.UnitIds)}"), r.UnitIds),
            CollectingClosed c => (c.Reason.StartsWith("admin: ", StringComparison.Ordinal)
                ? V("kết thúc thu phiếu sớm", "ended collecting early") + Reason(c.Reason["admin: ".Length..])
                : V("kết thúc thu phiếu (hết hạn nộp)", "closed collecting (deadline passed)"), []),
            VisitsPlanned p => (V($"lập lịch thẩm định: {p.Visits.Count} buổi làm việc", $"planned {p.Visits.Count} appraisal visits"), []),
            VisitsChanged c => (c switch
            {
                // Members by name, never by their code in the roster (tv3).
                { DroppedMemberId: { } member } => V($"thành viên {Member(member)} rút khỏi tổ thẩm định; đổi lịch của {Units(c.Visits.Select(v => v.UnitId).ToList())}",
                    $"member {Member(member)} dropped out of the team; changed the visits of {Units(c.Visits.Select(v => v.UnitId).ToList())}"),
                { DroppedTeamId: { } team } => V($"tổ {team} rút; chuyển lịch của {Units(c.Visits.Select(v => v.UnitId).ToList())} sang tổ khác",
                    $"team {team} dropped out; moved the visits of {Units(c.Visits.Select(v => v.UnitId).ToList())} to other teams"),
                _ => V($"đổi lịch thẩm định của {Units(c.Visits.Select(v => v.UnitId).ToList())}: {string.Join(", ", c.Visits.Select(v => $"{Unit(v.UnitId)} → {Day(v.Day)}"))}",
                    $"changed the visits of {Units(c.Visits.Select(v => v.UnitId).ToList())}: {string.Join(", ", c.Visits.Select(v => $"{Unit(v.UnitId)} → {Day(v.Day)}"))}"),
            } + Reason(c.Reason), [.. c.Visits.Select(v => v.UnitId)]),
            SchedulingFailed f => (V($"chưa lập được lịch thẩm định: {f.ProblemVi}", $"could not plan the visits: {f.ProblemEn}"), []),
            VisitPlanningSet p => (V($"đặt địa bàn cho lịch thẩm định: {p.Settings.FarDistricts?.Count ?? 0} địa bàn xa, {p.Settings.NeighbourGroups?.Count ?? 0} nhóm lân cận, {p.Settings.ExtraWorkingDays?.Count ?? 0} ngày làm bù",
                $"set the visit planning: {p.Settings.FarDistricts?.Count ?? 0} far districts, {p.Settings.NeighbourGroups?.Count ?? 0} neighbour groups, {p.Settings.ExtraWorkingDays?.Count ?? 0} make-up days") + (p.Reason is { } why ? Reason(why) : ""), []),
            AppraisalWindowChanged w => (V($"đổi thời gian thẩm định thành {Day(w.Start)}–{Day(w.End)}, {w.VisitsPerDay} buổi mỗi ngày", $"changed the appraisal window to {Day(w.Start)}–{Day(w.End)}, {w.VisitsPerDay} visits a day") + Reason(w.Reason), []),
            VisitRemindersDue v => (V($"nhắc lịch thẩm định ngày {Day(v.Day)} tới {Units(v.UnitIds)}", $"reminded {Units(v.UnitIds)} of the visit on {Day(v.Day)}"), v.UnitIds),
            AppraisalRecorded a => (V($"ghi điểm thẩm định của {Unit(a.UnitId)} ({a.Scores.Count} tiêu chí, {a.Scores.Count(s => s.Reason is not null)} điều chỉnh có lý do)",
                $"recorded the appraisal of {Unit(a.UnitId)} ({a.Scores.Count} criteria, {a.Scores.Count(s => s.Reason is not null)} adjusted with a reason)"), [a.UnitId]),
            AppraisalClosed c => (V("kết thúc thẩm định", "closed appraisal") + Reason(c.Reason), []),
            RankingComputed r => (V($"tính xếp hạng ({r.Rows} đơn vị)", $"computed the ranking ({r.Rows} units)")
                + (r.Edition is { } next ? V($" cho lần công bố {next}", $" for edition {next}") : ""), []),
            ResultsPublished p => (V($"công bố kết quả (lần {p.Edition})", $"published the results (edition {p.Edition})")
                + (p.Sha256 is { } sha ? V($", mã SHA-256 của nội dung {sha}", $", content SHA-256 {sha}") : "")
                + (p.ChangedUnitIds is { } changed ? V($"; {changed.Count} đơn vị có kết quả thay đổi", $"; {changed.Count} units' results changed") : ""), []),
            ExportsStored x => (V($"lưu văn bản chính thức của lần công bố {x.Edition}: ", $"stored the official documents of edition {x.Edition}: ")
                + string.Join(", ", x.Files.Select(f => $"{f.Name} (SHA-256 {f.Sha256})")), []),
            ReappraisalRecorded r => (V($"phúc khảo {Unit(r.UnitId)} ({r.Scores.Count} tiêu chí{(r.ComplaintId is { } k ? $", theo kiến nghị {k}" : "")})",
                $"re-appraised {Unit(r.UnitId)} ({r.Scores.Count} criteria{(r.ComplaintId is { } k2 ? $", after complaint {k2}" : "")})") + Reason(r.Reason), [r.UnitId]),
            ComplaintFiled k => (V($"{Unit(k.UnitId)} gửi kiến nghị {k.ComplaintId} về tiêu chí {string.Join(", ", k.CriterionCodes)}", $"{Unit(k.UnitId)} filed complaint {k.ComplaintId} about criteria {string.Join(", ", k.CriterionCodes)}")
                + Reason(k.Reason), [k.UnitId]),
            ComplaintDecided d => ((d.Accepted
                ? V($"chấp nhận kiến nghị {d.ComplaintId} của {Unit(d.UnitId)}", $"accepted complaint {d.ComplaintId} of {Unit(d.UnitId)}")
                : V($"không chấp nhận kiến nghị {d.ComplaintId} của {Unit(d.UnitId)}", $"rejected complaint {d.ComplaintId} of {Unit(d.UnitId)}")) + Reason(d.Reason), [d.UnitId]),
            ComplaintWindowClosed => (V("hết thời hạn nhận kiến nghị", "closed the days for complaints"), []),
            CycleClosed => (V("đóng kỳ đánh giá", "closed the cycle"), []),
            CycleSuspended s => (V("tạm dừng kỳ đánh giá", "suspended the cycle") + Reason(s.Reason), []),
            CycleResumed => (V("tiếp tục kỳ đánh giá", "resumed the cycle"), []),
            CycleTerminated t => (V("hủy kỳ đánh giá", "terminated the cycle") + Reason(t.Reason), []),
            WorkItemFailed f => (V($"một công việc ({f.Kind}) lỗi sau nhiều lần thử: {f.Error}", $"a work item ({f.Kind}) failed every retry: {f.Error}"), []),
            FailedWorkRetried r => (V($"chạy lại {r.Items.Count} công việc lỗi", $"retried {r.Items.Count} failed work items") + Reason(r.Reason), []),
            EmailBounced b => (V($"thư tới {b.Email} của {Unit(b.UnitId)} bị trả lại: {b.Reason}", $"an email to {b.Email} of {Unit(b.UnitId)} bounced: {b.Reason}"), [b.UnitId]),
            ProgressSummaryDue p => (V($"gửi báo cáo tiến độ ngày {Day(p.Day)}", $"sent the progress summary of {Day(p.Day)}"), []),
            UnitLinkReissued l => (V($"cấp lại đường dẫn cho {Unit(l.UnitId)} (lần {l.Generation}){(l.Emails is { Count: > 0 } emails ? $", gửi tới {string.Join(", ", emails)}" : "")}",
                $"reissued the link of {Unit(l.UnitId)} (generation {l.Generation}){(l.Emails is { Count: > 0 } to ? $", sent to {string.Join(", ", to)}" : "")}") + Reason(l.Reason), [l.UnitId]),
            BlackoutDatesDeclared b => (V($"{Unit(b.UnitId)} báo {b.Days.Count} ngày bận" + (b.Preferred is { Count: > 0 } p ? $", {p.Count} ngày mong muốn" : ""),
                $"{Unit(b.UnitId)} declared {CycleWords.Days(b.Days.Count, "en")} it is busy" + (b.Preferred is { Count: > 0 } q ? $" and {CycleWords.Days(q.Count, "en")} it prefers" : "")), [b.UnitId]),
            UnitLinkOpened o => (V($"{Unit(o.UnitId)} mở đường dẫn lần đầu", $"{Unit(o.UnitId)} opened its link for the first time"), [o.UnitId]),
            DocumentHeaderSet h => (V($"đặt tiêu đề văn bản công bố: {h.Header.IssuingAgency}, {h.Header.Place}", $"set the document header: {h.Header.IssuingAgency}, {h.Header.Place}"), []),
            DocumentsCorrected c => (V($"đính chính văn bản công bố (tiêu đề mới: {c.Header.IssuingAgency}, {c.Header.Place}); công bố lại với cùng điểm số",
                $"corrected the published documents (new header: {c.Header.IssuingAgency}, {c.Header.Place}); the same results are published again") + Reason(c.Reason), []),
            _ => (stored.Type, (IReadOnlyList<string>)[]),
        };
        return new HistoryLine(stored.Sequence, e.At, WhoIs(e.By, cycle, language), stored.Type, text, units);
    }

    /// <summary>The kind of an event (its stored name) as the history filter shows it; an unknown name as it is.</summary>
    public static string KindName(string kind, string language) =>
        Kinds.TryGetValue(kind, out var words) ? (language == "en" ? words.En : words.Vi) : kind;

    private static readonly Dictionary<string, (string Vi, string En)> Kinds = new(StringComparer.Ordinal)
    {
        ["CycleCreated"] = ("Tạo kỳ đánh giá", "Cycle created"),
        ["CycleStarted"] = ("Bắt đầu kỳ", "Cycle started"),
        ["UnitsAnnounced"] = ("Gửi thông báo kế hoạch", "Plan sent to units"),
        ["CollectingOpened"] = ("Mở thu phiếu", "Collecting opened"),
        ["SubmissionRecorded"] = ("Nhận phiếu tự đánh giá", "Self-assessment received"),
        ["DeadlineExtended"] = ("Gia hạn hạn nộp", "Deadline extended"),
        ["UnitReopened"] = ("Mở lại cho đơn vị nộp", "Unit reopened"),
        ["RemindersDue"] = ("Nhắc hạn", "Reminders"),
        ["CollectingClosed"] = ("Kết thúc thu phiếu", "Collecting closed"),
        ["VisitsPlanned"] = ("Lập lịch thẩm định", "Visits planned"),
        ["VisitsChanged"] = ("Đổi lịch thẩm định", "Visits changed"),
        ["SchedulingFailed"] = ("Chưa lập được lịch", "Scheduling failed"),
        ["AppraisalWindowChanged"] = ("Đổi thời gian thẩm định", "Appraisal window changed"),
        ["VisitPlanningSet"] = ("Đặt địa bàn cho lịch thẩm định", "Visit planning set"),
        ["VisitRemindersDue"] = ("Nhắc lịch thẩm định", "Visit reminders"),
        ["AppraisalRecorded"] = ("Ghi điểm thẩm định", "Appraisal recorded"),
        ["AppraisalClosed"] = ("Kết thúc thẩm định", "Appraisal closed"),
        ["RankingComputed"] = ("Tính xếp hạng", "Ranking computed"),
        ["ResultsPublished"] = ("Công bố kết quả", "Results published"),
        ["ExportsStored"] = ("Lưu văn bản chính thức", "Documents stored"),
        ["ReappraisalRecorded"] = ("Phúc khảo", "Re-appraisal"),
        ["ComplaintFiled"] = ("Nhận kiến nghị", "Complaint filed"),
        ["ComplaintDecided"] = ("Trả lời kiến nghị", "Complaint decided"),
        ["ComplaintWindowClosed"] = ("Hết hạn kiến nghị", "Complaints closed"),
        ["CycleClosed"] = ("Đóng kỳ", "Cycle closed"),
        ["CycleSuspended"] = ("Tạm dừng", "Suspended"),
        ["CycleResumed"] = ("Tiếp tục", "Resumed"),
        ["CycleTerminated"] = ("Hủy kỳ", "Terminated"),
        ["WorkItemFailed"] = ("Công việc lỗi", "Work item failed"),
        ["FailedWorkRetried"] = ("Chạy lại công việc lỗi", "Failed work retried"),
        ["EmailBounced"] = ("Thư bị trả lại", "Email bounced"),
        ["ProgressSummaryDue"] = ("Báo cáo tiến độ", "Progress summary"),
        ["UnitLinkReissued"] = ("Cấp lại đường dẫn", "Link reissued"),
        ["BlackoutDatesDeclared"] = ("Đơn vị báo ngày bận", "Busy days declared"),
        ["UnitLinkOpened"] = ("Đơn vị mở đường dẫn", "Link opened"),
        ["DocumentHeaderSet"] = ("Đặt tiêu đề văn bản", "Document header set"),
        ["DocumentsCorrected"] = ("Đính chính văn bản", "Documents corrected"),
    };

    /// <summary>"system", "timer" and "unit:CODE" in words; people and API keys as recorded.</summary>
    public static string WhoIs(string by, CycleDefinition cycle, string language) => by switch
    {
        "system" or "timer" or "yearly-schedule" => language == "en" ? "The system" : "Hệ thống",
        _ when by.StartsWith("unit:", StringComparison.Ordinal) => cycle.Units.FirstOrDefault(u => u.Code == by[5..])?.Name ?? by[5..],
        _ => by,
    };
}
