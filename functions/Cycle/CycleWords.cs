namespace ItEval.Cycle;

/// <summary>
/// Words people read about a cycle, in the reader's language and from the glossary (shared/GLOSSARY.md):
/// phase names and counted things, with English plurals.
/// </summary>
public static class CycleWords
{
    private static readonly Dictionary<CyclePhase, (string Vi, string En)> Phases = new()
    {
        [CyclePhase.Draft] = ("dự thảo", "draft"),
        [CyclePhase.Announcing] = ("thông báo kế hoạch", "announcing the plan"),
        [CyclePhase.Collecting] = ("thu phiếu tự đánh giá", "collecting self-assessments"),
        [CyclePhase.Scheduling] = ("lập lịch thẩm định", "scheduling appraisal visits"),
        [CyclePhase.Appraising] = ("thẩm định", "appraisal"),
        [CyclePhase.Ranking] = ("xếp hạng", "ranking"),
        [CyclePhase.Published] = ("đã công bố kết quả", "results published"),
        [CyclePhase.Closed] = ("đã kết thúc", "closed"),
        [CyclePhase.Suspended] = ("tạm dừng", "suspended"),
        [CyclePhase.Terminated] = ("đã hủy", "terminated"),
    };

    public static string Phase(CyclePhase phase, string language) => language == "en" ? Phases[phase].En : Phases[phase].Vi;

    /// <summary>"3 ngày" / "1 day", "3 days".</summary>
    public static string Days(int count, string language) => Count(count, "ngày", "day", language);

    /// <summary>"2 ngày làm việc" / "1 working day", "2 working days".</summary>
    public static string WorkingDays(int count, string language) => Count(count, "ngày làm việc", "working day", language);

    /// <summary>Vietnamese has no plural; English adds "s" except for one.</summary>
    public static string Count(int count, string vi, string en, string language) =>
        language == "en" ? $"{count} {en}{(count == 1 ? "" : "s")}" : $"{count} {vi}";
}
