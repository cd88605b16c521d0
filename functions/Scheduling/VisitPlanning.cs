using ItEval.Cycle;

namespace ItEval.Scheduling;

/// <summary>A district far from the capital: a visit there takes half of a team's day, or all of it.</summary>
public enum TripLength
{
    HalfDay,
    FullDay,
}

/// <summary>
/// What the planner needs: the units to visit, the window, visits per team per day, the cycle's own days
/// off, the team members (grouped into teams by <see cref="TeamMember.Team"/>) and each unit's busy days.
/// </summary>
public sealed record VisitRequest(
    IReadOnlyList<UnitInfo> Units, DateOnly Start, DateOnly End, int VisitsPerDay, IReadOnlyCollection<DateOnly> Holidays, IReadOnlyList<TeamMember> Team,
    IReadOnlyDictionary<string, IReadOnlyCollection<DateOnly>>? Blackouts = null)
{
    /// <summary>The public calendar the cycle's days off are added to.</summary>
    public WorkingCalendar Calendar { get; init; } = WorkingCalendar.Vietnam;

    /// <summary>Days the cycle makes working days (a make-up Saturday the file does not have yet).</summary>
    public IReadOnlyCollection<DateOnly>? ExtraWorkingDays { get; init; }

    /// <summary>Days a unit would like its visit on (a soft rule).</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<DateOnly>>? Preferred { get; init; }

    /// <summary>Districts far from the capital, by district name.</summary>
    public IReadOnlyDictionary<string, TripLength>? Trips { get; init; }

    /// <summary>Groups of neighbouring districts: a team's day stays within one district or one group.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? NeighbourGroups { get; init; }

    public IReadOnlyList<DateOnly> WorkingDays() => [.. Calendar.With(Holidays, ExtraWorkingDays).Between(Start, End)];
}

/// <summary>Slots a visit takes in a team's day: one, or half or all of the day for a far district.</summary>
public static class VisitSlots
{
    public static int For(string district, IReadOnlyDictionary<string, TripLength>? trips, int perDay) =>
        trips is not null && trips.TryGetValue(district, out var trip)
            ? Math.Max(1, trip == TripLength.FullDay ? perDay : (perDay + 1) / 2)
            : 1;
}

/// <summary>A plan (with its explanation), or what is needed to make one, in Vietnamese and English.</summary>
public sealed record VisitPlan(IReadOnlyList<Visit>? Visits, string? ProblemVi = null, string? ProblemEn = null)
{
    public PlanExplanation? Explanation { get; init; }

    public static VisitPlan Problem(string vi, string en) => new(null, vi, en);
}

/// <summary>Why the plan looks as it does: days used against the least possible, each day's load, districts split, soft rules bent.</summary>
public sealed record PlanExplanation(
    int DaysUsed, int LowerBound, int WorkingDays, IReadOnlyList<DayLoad> Days, IReadOnlyList<DistrictSplit> SplitDistricts, IReadOnlyList<BentRule> BentRules)
{
    /// <summary>Team-days that visit districts that are not neighbours (only when neighbour groups are given), and why.</summary>
    public IReadOnlyList<MixedDay> MixedDays { get; init; } = [];
}

/// <summary>A team's day that goes to districts that are not neighbours, and why the planner bent the rule.</summary>
public sealed record MixedDay(DateOnly Day, string? TeamId, IReadOnlyList<string> Districts, string ReasonVi, string ReasonEn);

public sealed record DayLoad(DateOnly Day, int Visits, int Capacity);

public sealed record DistrictSplit(string District, IReadOnlyList<DateOnly> Days, string ReasonVi, string ReasonEn);

public sealed record BentRule(string UnitId, string Vi, string En);

/// <summary>Lập lịch thẩm định. The cycle depends on this only.</summary>
public interface IVisitPlanner
{
    VisitPlan Plan(VisitRequest request);
}
