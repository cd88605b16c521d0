using ItEval.Cycle;

namespace ItEval.Web.Console;

/// <summary>How far a cycle has come: counts the dashboard shows as bars and updates live.</summary>
public sealed record CycleProgress(string Phase, int Units, int Announced, int Opened, int Submitted, int Late, int Missing, int Visited, int Appraised);

/// <summary>One unit's line in the dashboard's table.</summary>
public sealed record UnitRow(
    string Id, string Code, string Name, string Group, string Status, DateTimeOffset? SubmittedAt, int Submissions, decimal? SelfTotal,
    int LinkGeneration, bool Opened, int Bounced, DateOnly? VisitDay, DateOnly Deadline);

/// <summary>Which units the table shows: filters, order and page, all done on the server.</summary>
public sealed record UnitQuery(string? Status, string? Group, string? Search, string? Sort, bool Descending, int Page)
{
    public const int PageSize = 50;
}

/// <summary>
/// Everything the cycle dashboard shows, taken from the cycle's state in one pass: the phase and next
/// timers, progress, failed work, and one page of the unit table. Stays fast at 10,000 units: counts
/// are one pass, self-scores are computed for the page only (or for all when sorting by them).
/// </summary>
public sealed record CycleDashboard(
    CycleDefinition Definition, CyclePhase Phase, CyclePhase? SuspendedFrom, DateOnly Deadline, int PublishedEdition, bool RankingReady,
    string? LastError, string? SchedulingProblem, IReadOnlyList<DueTimer> Timers, CycleProgress Progress, IReadOnlyList<FailedWork> Failed,
    IReadOnlyList<UnitRow> Rows, int Matching)
{
    /// <summary>The next planned reminder: when, and the units that will get it (if still missing then).</summary>
    public (DateTimeOffset At, IReadOnlyList<(string Id, string Name)> Units)? NextReminder { get; init; }

    /// <summary>Units that have their link and no form yet, for "remind now" (at most <see cref="MaxRemindChoices"/>).</summary>
    public IReadOnlyList<(string Id, string Code, string Name)> Missing { get; init; } = [];

    /// <summary>Reminder days already past: a cycle in Draft started now skips them.</summary>
    public IReadOnlyList<DateOnly> PastReminders { get; init; } = [];

    public const int MaxRemindChoices = 500;

    public static CycleProgress ProgressOf(CycleState s)
    {
        int announced = 0, opened = 0, submitted = 0, late = 0, visited = 0;
        foreach (var u in s.Units.Values)
        {
            announced += u.Announced ? 1 : 0;
            opened += u.LinkOpenedAt is null ? 0 : 1;
            submitted += u.Submitted ? 1 : 0;
            late += u.Submitted && u.Late ? 1 : 0;
            visited += u.Visit is null ? 0 : 1;
        }

        var missing = s.Phase is CyclePhase.Draft or CyclePhase.Announcing && announced == 0 ? 0 : s.Units.Count - submitted;
        return new CycleProgress(s.Phase.ToString(), s.Units.Count, announced, opened, submitted, late, missing, visited, s.AppraisedUnits.Count);
    }

    public static CycleDashboard Of(CycleState s, UnitQuery query, DateTimeOffset now)
    {
        var leaves = s.Rubric.Leaves.Count();
        var search = query.Search?.Trim();
        var matching = s.Units.Values
            .Where(u => string.IsNullOrEmpty(query.Group) || u.Info.RankingGroup == query.Group)
            .Where(u => string.IsNullOrEmpty(search) || u.Info.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || u.Info.Code.Contains(search, StringComparison.OrdinalIgnoreCase))
            .Where(u => string.IsNullOrEmpty(query.Status) || CycleStatusView.Status(u, leaves) == query.Status)
            .ToList();
        decimal? Self(UnitProgress u) => u.Submitted ? s.SelfScore(u).Total : null;
        IEnumerable<UnitProgress> ordered = query.Sort switch
        {
            "name" => matching.OrderBy(u => u.Info.Name, StringComparer.CurrentCulture),
            "status" => matching.OrderBy(u => CycleStatusView.Status(u, leaves), StringComparer.Ordinal),
            "submitted" => matching.OrderBy(u => u.SubmittedAt ?? DateTimeOffset.MaxValue),
            "self" => matching.Select(u => (Unit: u, Self: Self(u))).OrderBy(x => x.Self ?? -1m).Select(x => x.Unit),
            _ => matching.OrderBy(u => u.Info.Code, StringComparer.Ordinal),
        };
        if (query.Descending)
        {
            ordered = ordered.Reverse();
        }

        var page = Math.Max(1, query.Page);
        var rows = ordered.Skip((page - 1) * UnitQuery.PageSize).Take(UnitQuery.PageSize).Select(u => new UnitRow(
            u.Info.Id, u.Info.Code, u.Info.Name, s.Definition!.GroupName(u.Info.RankingGroup), CycleStatusView.Status(u, leaves), u.SubmittedAt, u.Submissions,
            Self(u), u.LinkGeneration, u.LinkOpenedAt is not null, u.BouncedEmails.Count, u.Visit?.Day, s.DeadlineOf(u))).ToList();
        return new CycleDashboard(s.Definition!, s.Phase, s.SuspendedFrom, s.Deadline, s.PublishedEdition, s.RankingReady, s.LastError, s.SchedulingProblem,
            [.. CycleDecider.PendingTimers(s).Take(5)], ProgressOf(s), [.. s.FailedWork.Values.OrderBy(f => f.At)], rows, matching.Count)
        {
            NextReminder = CycleDecider.NextReminder(s) is { } next ? (next.At, [.. next.UnitIds.Select(id => (id, s.Units[id].Info.Name))]) : null,
            Missing = s.Phase == CyclePhase.Collecting
                ? [.. s.Units.Values.Where(u => u.Announced && !u.Submitted).OrderBy(u => u.Info.Code, StringComparer.Ordinal).Take(MaxRemindChoices).Select(u => (u.Info.Id, u.Info.Code, u.Info.Name))]
                : [],
            PastReminders = s.Phase == CyclePhase.Draft ? CycleDecider.PastReminders(s.Definition!, now) : [],
        };
    }
}
