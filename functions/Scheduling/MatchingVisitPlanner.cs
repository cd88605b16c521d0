using ItEval.Cycle;

namespace ItEval.Scheduling;

/// <summary>
/// The visit planner (docs/visit-planning.md). Three steps, all deterministic:
/// 1. <b>Fill</b> team-days in date order, each from one district as far as it goes (the travel rule),
///    units that prefer the day first, then the most constrained; this uses the fewest days when
///    nothing is in the way. With neighbour groups a day takes only districts near all it already has,
///    and may stay part empty; otherwise it goes on with the largest district left.
/// 2. <b>Repair</b>: a unit left out is placed by the shortest chain of moves of other one-slot visits
///    (an augmenting path). For one-slot visits this is a maximum bipartite b-matching, so a plan is
///    found whenever one exists.
/// 3. <b>Exact search</b> for small problems with long (far-district) visits, where chains cannot help.
/// Infeasible input is refused with what is needed, naming the unit that cannot be placed and why.
/// </summary>
public sealed class MatchingVisitPlanner : IVisitPlanner
{
    /// <summary>Problems this small with long visits are solved exactly when the fill and repair fail.</summary>
    public const int ExactSearchMaxUnits = 12;

    public VisitPlan Plan(VisitRequest request)
    {
        var board = new PlanBoard(request);
        if (Refusal(board) is { } refused)
        {
            return refused;
        }

        Fill(board);
        var left = Enumerable.Range(0, board.Units.Count).Where(u => board.At[u] < 0).ToList();
        foreach (var unit in left)
        {
            // With neighbour groups, a day among the unit's neighbours first; a day elsewhere only when none has room.
            board.PlaceWithFewestMoves(unit, board.Neighbours.Given
                ? Enumerable.Range(0, board.TeamDays).OrderBy(td => board.NearDay(board.Units[unit].Info.District, td) ? 0 : 1).ThenBy(td => td)
                : null);
        }

        if (board.At.Any(td => td < 0) && board.Units.Count <= ExactSearchMaxUnits)
        {
            ExactSearch(board);
        }

        if (Enumerable.Range(0, board.Units.Count).FirstOrDefault(u => board.At[u] < 0, -1) is var unplaced and >= 0)
        {
            return Unplaceable(board, unplaced);
        }

        return PlanFrom(board);
    }

    /// <summary>The plan on the board, with its visits' slots and members, and its explanation.</summary>
    internal static VisitPlan PlanFrom(PlanBoard board) =>
        new(Visits(board)) { Explanation = PlanExplainer.Explain(board) };

    internal static IReadOnlyList<Visit> Visits(PlanBoard board)
    {
        var named = board.Request.Team.Any(m => !string.IsNullOrWhiteSpace(m.Team));
        var visits = new List<Visit>(board.Units.Count);
        foreach (var group in Enumerable.Range(0, board.Units.Count).GroupBy(u => board.At[u]).OrderBy(g => g.Key))
        {
            var team = board.Teams[board.TeamOf(group.Key)];
            var slot = 0;
            // Within a team's day: the long trips first (they start the day), then by district and code.
            foreach (var u in group.OrderByDescending(u => board.Units[u].Cost).ThenBy(u => board.Units[u].Info.District, StringComparer.Ordinal).ThenBy(u => u))
            {
                var unit = board.Units[u];
                visits.Add(new Visit(unit.Info.Id, board.Days[board.DayOf(group.Key)], slot, [.. unit.MembersOf(team).Select(m => m.Id)], named ? team.Id : null));
                slot += unit.Cost;
            }
        }

        return visits;
    }

    private static VisitPlan? Refusal(PlanBoard board)
    {
        if (board.Teams.Count == 0)
        {
            return VisitPlan.Problem("Chưa có tổ thẩm định: hãy thêm thành viên tổ thẩm định cho kỳ đánh giá.", "There is no appraisal team: add team members to the cycle.");
        }

        var slots = board.Units.Sum(u => u.Cost);
        var perTeamDay = board.Capacity * board.Teams.Count;
        if (slots > board.Days.Count * perTeamDay)
        {
            var neededDays = (int)Math.Ceiling(slots / (double)perTeamDay);
            var perDay = board.Days.Count == 0 ? slots : (int)Math.Ceiling(slots / (double)(board.Days.Count * board.Teams.Count));
            return VisitPlan.Problem(
                $"Không đủ ngày làm việc: cần {slots} buổi thẩm định cho {board.Units.Count} đơn vị, nhưng {board.Teams.Count} tổ × {board.Capacity} buổi/ngày × {board.Days.Count} ngày làm việc chỉ được {board.Days.Count * perTeamDay} buổi. Cần {neededDays} ngày làm việc (thêm {neededDays - board.Days.Count} ngày), hoặc {perDay} buổi mỗi tổ mỗi ngày, hoặc thêm tổ thẩm định.",
                $"Not enough working days: {slots} visit slots are needed for {CycleWords.Count(board.Units.Count, "", "unit", "en")}, but {board.Teams.Count} team(s) × {board.Capacity} visits a day × {CycleWords.WorkingDays(board.Days.Count, "en")} give {board.Days.Count * perTeamDay}. It needs {CycleWords.WorkingDays(neededDays, "en")} ({neededDays - board.Days.Count} more), or {perDay} visits per team per day, or more teams.");
        }

        foreach (var unit in board.Units)
        {
            if (!unit.AnyDay)
            {
                return VisitPlan.Problem(
                    $"Không xếp được lịch cho đơn vị {unit.Info.Code} ({unit.Info.Name}): đơn vị báo bận vào mọi ngày làm việc trong thời gian thẩm định. Hãy đề nghị đơn vị bỏ bớt ngày bận hoặc mở rộng thời gian thẩm định.",
                    $"Unit {unit.Info.Code} ({unit.Info.Name}) cannot be placed: it declared every working day of the appraisal window busy. Ask it to free a day, or widen the window.");
            }

            if (!unit.AnyTeam)
            {
                return VisitPlan.Problem(
                    $"Không xếp được lịch cho đơn vị {unit.Info.Code} ({unit.Info.Name}): mọi thành viên của mọi tổ đều có xung đột lợi ích với đơn vị. Hãy thêm một thành viên không có xung đột.",
                    $"Unit {unit.Info.Code} ({unit.Info.Name}) cannot be placed: every member of every team has a conflict of interest with it. Add a member without one.");
            }
        }

        return null;
    }

    private static VisitPlan Unplaceable(PlanBoard board, int unit)
    {
        var info = board.Units[unit].Info;
        var days = string.Join(", ", Enumerable.Range(0, board.Days.Count).Where(board.Units[unit].AllowsDay).Select(d => board.Days[d].ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)));
        return VisitPlan.Problem(
            $"Không xếp được lịch cho đơn vị {info.Code} ({info.Name}): những ngày đơn vị có thể tiếp đoàn ({days}) đã kín bởi các đơn vị không còn ngày nào khác. Hãy tăng số buổi mỗi ngày, thêm tổ thẩm định hoặc đề nghị đơn vị bỏ bớt ngày bận.",
            $"Unit {info.Code} ({info.Name}) cannot be placed: the days it can receive the team ({days}) are full with units that have no other day. Raise visits per day, add a team, or ask units to free busy days.");
    }

    /// <summary>Step 1: units on a preferred day that has room; then team-days in date order, each filled from one district as far as it goes.</summary>
    private static void Fill(PlanBoard board)
    {
        var remaining = new FillIndex(board);
        // A unit's preferred day first, where it has room (a soft rule: otherwise the fill places it as any other).
        foreach (var unit in Enumerable.Range(0, board.Units.Count).Where(u => board.Units[u].Preferred.Count > 0).OrderBy(u => board.Units[u].Preferred.Count).ThenBy(u => u))
        {
            var teamDay = board.Units[unit].Preferred.Order()
                .SelectMany(day => Enumerable.Range(0, board.Teams.Count).Select(team => board.TeamDay(day, team)))
                .FirstOrDefault(td => board.Fits(unit, td), -1);
            if (teamDay >= 0)
            {
                board.Place(unit, teamDay);
                remaining.Remove(unit);
            }
        }

        for (var day = 0; day < board.Days.Count && remaining.Count > 0; day++)
        {
            for (var team = 0; team < board.Teams.Count && remaining.Count > 0; team++)
            {
                var teamDay = board.TeamDay(day, team);
                string? district = null;
                while (remaining.Pick(teamDay, district, board.Neighbours.Given) is var unit and >= 0)
                {
                    board.Place(unit, teamDay);
                    remaining.Remove(unit);
                    district = board.Units[unit].Info.District;
                }
            }
        }
    }

    /// <summary>Step 3: every unit placed by backtracking (long visits first); small problems only.</summary>
    private static void ExactSearch(PlanBoard board)
    {
        for (var u = 0; u < board.Units.Count; u++)
        {
            board.Lift(u);
        }

        var order = Enumerable.Range(0, board.Units.Count).OrderByDescending(u => board.Units[u].Cost).ThenBy(u => board.Units[u].DayOptions).ThenBy(u => u).ToArray();
        if (!Place(board, order, 0))
        {
            for (var u = 0; u < board.Units.Count; u++)
            {
                board.Lift(u);
            }
        }
    }

    private static bool Place(PlanBoard board, int[] order, int next)
    {
        if (next == order.Length)
        {
            return true;
        }

        var unit = order[next];
        for (var td = 0; td < board.TeamDays; td++)
        {
            if (board.Fits(unit, td))
            {
                board.Place(unit, td);
                if (Place(board, order, next + 1))
                {
                    return true;
                }

                board.Lift(unit);
            }
        }

        return false;
    }
}
