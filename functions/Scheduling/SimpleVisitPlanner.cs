using ItEval.Cycle;

namespace ItEval.Scheduling;

/// <summary>What the planner needs: the units to visit, the window, daily capacity, holidays and the team.</summary>
public sealed record VisitRequest(
    IReadOnlyList<UnitInfo> Units, DateOnly Start, DateOnly End, int VisitsPerDay, IReadOnlyCollection<DateOnly> Holidays, IReadOnlyList<TeamMember> Team);

/// <summary>A plan, or what is needed to make one, in Vietnamese and English.</summary>
public sealed record VisitPlan(IReadOnlyList<Visit>? Visits, string? ProblemVi = null, string? ProblemEn = null);

/// <summary>Lập lịch thẩm định. The cycle depends on this only, so a richer planner can replace the simple one.</summary>
public interface IVisitPlanner
{
    VisitPlan Plan(VisitRequest request);
}

/// <summary>
/// The simple, correct planner: working days (Monday–Friday, not holidays) of the window in order, a
/// fixed number of visits a day, units of the same district next to each other, the whole team on each
/// visit. Deterministic. If the window is too short it says how many working days are missing.
/// </summary>
public sealed class SimpleVisitPlanner : IVisitPlanner
{
    public VisitPlan Plan(VisitRequest request)
    {
        var days = WorkingDays(request.Start, request.End, request.Holidays).ToList();
        var capacity = days.Count * request.VisitsPerDay;
        if (request.Units.Count > capacity)
        {
            var missing = (int)Math.Ceiling((request.Units.Count - capacity) / (double)request.VisitsPerDay);
            var perDay = days.Count == 0 ? request.Units.Count : (int)Math.Ceiling(request.Units.Count / (double)days.Count);
            return new VisitPlan(null,
                $"Không đủ ngày làm việc: {request.Units.Count} đơn vị cần thẩm định nhưng chỉ có {days.Count} ngày làm việc × {request.VisitsPerDay} buổi. Cần thêm {missing} ngày làm việc hoặc tăng lên {perDay} buổi mỗi ngày.",
                $"Not enough working days: {request.Units.Count} units to visit but only {days.Count} working days × {request.VisitsPerDay} visits. Add {missing} working days or raise visits per day to {perDay}.");
        }

        var team = request.Team.Select(m => m.Id).ToList();
        var visits = request.Units
            .OrderBy(u => u.District, StringComparer.Ordinal)
            .ThenBy(u => u.Code, StringComparer.Ordinal)
            .Select((unit, i) => new Visit(unit.Id, days[i / request.VisitsPerDay], i % request.VisitsPerDay, team))
            .ToList();
        return new VisitPlan(visits);
    }

    public static IEnumerable<DateOnly> WorkingDays(DateOnly start, DateOnly end, IReadOnlyCollection<DateOnly> holidays)
    {
        for (var day = start; day <= end; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day))
            {
                yield return day;
            }
        }
    }
}
