namespace ItEval.Cycle;

public sealed record UnitStatusView(string Id, string Code, string Name, string RankingGroup, string Status, DateOnly Deadline,
    DateTimeOffset? SubmittedAt, bool Late, int Submissions, DateOnly? VisitDay, int AppraisedCriteria, IReadOnlyDictionary<string, string> BouncedEmails,
    IReadOnlyList<string> Emails, IReadOnlyList<DateOnly> BlackoutDates, int LinkGeneration);

public sealed record CycleStatusView(
    string Id, int Year, string Name, string Phase, string? SuspendedFrom, long Version, string TimeZone, DateOnly Deadline,
    DateOnly AppraisalStart, DateOnly AppraisalEnd, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<DueTimer> NextTimers,
    string? LastError, int PublishedEdition, int UnitsPage, int UnitsPageSize, int UnitsTotal, IReadOnlyList<UnitStatusView> Units)
{
    /// <summary>The header of the official documents, and what must be written before an edition can be published.</summary>
    public DocumentHeader? DocumentHeader { get; init; }

    public IReadOnlyList<string> DocumentHeaderProblems { get; init; } = [];

    /// <summary>Units listed per page by default, and at most (a 10,000-unit cycle's status is read page by page).</summary>
    public const int DefaultPageSize = 200, MaxPageSize = 1000;

    /// <summary>
    /// The status page of a cycle: phase, counts per unit status (all units), one page of units in code
    /// order, the next timers and the last error.
    /// </summary>
    public static CycleStatusView Of(CycleState s) => Of(s, 1, DefaultPageSize);

    public static CycleStatusView Of(CycleState s, int page, int pageSize)
    {
        var leaves = s.Rubric.Leaves.Count();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var unit in s.Units.Values)
        {
            var status = Status(unit, leaves);
            counts[status] = counts.GetValueOrDefault(status) + 1;
        }

        counts["total"] = s.Units.Count;
        var units = s.Units.Values.OrderBy(u => u.Info.Code, StringComparer.Ordinal)
            .Skip((int)Math.Min(int.MaxValue, (page - 1L) * pageSize)).Take(pageSize)
            .Select(u => new UnitStatusView(
                u.Info.Id, u.Info.Code, u.Info.Name, u.Info.RankingGroup, Status(u, leaves), s.DeadlineOf(u), u.SubmittedAt, u.Late,
                u.Submissions, u.Visit?.Day, u.Appraisals.Count, u.BouncedEmails, u.Info.Emails, u.BlackoutDates, u.LinkGeneration)).ToList();
        return new CycleStatusView(s.Id, s.Definition!.Year, s.Definition.Name, s.Phase.ToString(), s.SuspendedFrom?.ToString(), s.Version,
            s.Definition.TimeZone, s.Deadline, s.Definition.AppraisalStart, s.Definition.AppraisalEnd, counts,
            [.. CycleDecider.PendingTimers(s).Take(10)], s.LastError, s.PublishedEdition, page, pageSize, s.Units.Count, units)
        {
            DocumentHeader = s.Header,
            DocumentHeaderProblems = s.Header.Problems(),
        };
    }

    /// <summary>A unit's status word (draft, not-submitted, submitted, submitted-late, visit-scheduled, appraised).</summary>
    public static string Status(UnitProgress u, int leaves) =>
        u.Appraisals.Count >= leaves ? "appraised"
        : u.Visit is not null ? "visit-scheduled"
        : u.Submitted ? (u.Late ? "submitted-late" : "submitted")
        : u.Announced ? "not-submitted"
        : "draft";
}
