using ItEval.Cycle;

namespace ItEval.Scheduling;

/// <summary>What the planner needs: the units to visit, the window, daily capacity, holidays, the team and each unit's busy days.</summary>
public sealed record VisitRequest(
    IReadOnlyList<UnitInfo> Units, DateOnly Start, DateOnly End, int VisitsPerDay, IReadOnlyCollection<DateOnly> Holidays, IReadOnlyList<TeamMember> Team,
    IReadOnlyDictionary<string, IReadOnlyCollection<DateOnly>>? Blackouts = null);

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
/// visit. A unit never gets a day it declared busy: it takes the first later day with a free slot.
/// Deterministic. If the window is too short it says how many working days are missing.
/// </summary>
public sealed class SimpleVisitPlanner : IVisitPlanner
{
    public VisitPlan Plan(VisitRequest request)
    {
        var days = WorkingDays.Between(request.Start, request.End, request.Holidays).ToList();
        var capacity = days.Count * request.VisitsPerDay;
        if (request.Units.Count > capacity)
        {
            var missing = (int)Math.Ceiling((request.Units.Count - capacity) / (double)request.VisitsPerDay);
            var perDay = days.Count == 0 ? request.Units.Count : (int)Math.Ceiling(request.Units.Count / (double)days.Count);
            return new VisitPlan(null,
                $"Không đủ ngày làm việc: {request.Units.Count} đơn vị cần thẩm định nhưng chỉ có {days.Count} ngày làm việc × {request.VisitsPerDay} buổi. Cần thêm {missing} ngày làm việc hoặc tăng lên {perDay} buổi mỗi ngày.",
                $"Not enough working days: {CycleWords.Count(request.Units.Count, "", "unit", "en")} to visit but only {CycleWords.WorkingDays(days.Count, "en")} × {CycleWords.Count(request.VisitsPerDay, "", "visit", "en")}. Add {CycleWords.WorkingDays(missing, "en")} or raise visits per day to {perDay}.");
        }

        var team = request.Team.Select(m => m.Id).ToList();
        var used = new int[days.Count];
        var visits = new List<Visit>(request.Units.Count);
        foreach (var unit in request.Units.OrderBy(u => u.District, StringComparer.Ordinal).ThenBy(u => u.Code, StringComparer.Ordinal))
        {
            var busy = request.Blackouts?.GetValueOrDefault(unit.Id) ?? [];
            var day = FirstFreeDay(days, used, request.VisitsPerDay, busy);
            if (day < 0)
            {
                return new VisitPlan(null,
                    $"Không xếp được lịch cho đơn vị {unit.Code} ({unit.Name}): mọi ngày còn trống đều là ngày đơn vị báo bận. Hãy mở rộng thời gian thẩm định hoặc tăng số buổi mỗi ngày.",
                    $"No visit day fits unit {unit.Code} ({unit.Name}): every day with a free slot is one it declared busy. Widen the appraisal window or raise visits per day.");
            }

            visits.Add(new Visit(unit.Id, days[day], used[day]++, team));
        }

        return new VisitPlan(visits);
    }

    // Without busy days this fills the days in order, as before; a busy unit skips to the next free day.
    private static int FirstFreeDay(List<DateOnly> days, int[] used, int perDay, IReadOnlyCollection<DateOnly> busy)
    {
        for (var i = 0; i < days.Count; i++)
        {
            if (used[i] < perDay && !busy.Contains(days[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
