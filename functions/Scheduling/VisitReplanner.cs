using ItEval.Cycle;

namespace ItEval.Scheduling;

/// <summary>A change to a plan: the visits that change (new versions), or why it cannot be made.</summary>
public sealed record VisitChange(IReadOnlyList<Visit>? Changed, string? ProblemVi = null, string? ProblemEn = null)
{
    public static VisitChange Problem(string vi, string en) => new(null, vi, en);
}

/// <summary>A day and team where a unit's visit could go without moving any other visit.</summary>
public sealed record FreeSlot(DateOnly Day, string? TeamId);

/// <summary>
/// Changes a plan that people already have in their calendars, moving as few visits as possible: the
/// visit asked for, then only the shortest chain of others needed to make room. Every visit that does
/// not move keeps its day, team and slot.
/// </summary>
public static class VisitReplanner
{
    /// <summary>Where the unit could move with no other visit changing (its own day excluded).</summary>
    public static IReadOnlyList<FreeSlot> FreeSlots(VisitRequest request, IReadOnlyList<Visit> current, string unitId)
    {
        var board = Board(request, current);
        var unit = Index(board, unitId);
        if (unit < 0)
        {
            return [];
        }

        var named = Named(request);
        return [.. Enumerable.Range(0, board.TeamDays)
            .Where(td => td != board.At[unit] && board.Units[unit].Allows(board.DayOf(td), board.TeamOf(td)) && board.Load[td] + board.Units[unit].Cost <= board.Capacity)
            .Select(td => new FreeSlot(board.Days[board.DayOf(td)], named ? board.Teams[board.TeamOf(td)].Id : null))];
    }

    /// <summary>Moves a unit's visit to <paramref name="day"/> (with <paramref name="teamId"/>, or any team that day).</summary>
    public static VisitChange Move(VisitRequest request, IReadOnlyList<Visit> current, string unitId, DateOnly day, string? teamId)
    {
        var board = Board(request, current);
        var unit = Index(board, unitId);
        var dayIndex = IndexOf(board.Days, day);
        if (unit < 0)
        {
            return VisitChange.Problem("Đơn vị này chưa có lịch thẩm định.", "This unit has no visit in the plan.");
        }

        if (dayIndex < 0)
        {
            return VisitChange.Problem($"Ngày {day:dd/MM/yyyy} không phải ngày làm việc trong thời gian thẩm định.", $"{day:yyyy-MM-dd} is not a working day of the appraisal window.");
        }

        if (!board.Units[unit].AllowsDay(dayIndex))
        {
            return VisitChange.Problem($"Đơn vị đã báo bận ngày {day:dd/MM/yyyy}.", $"The unit declared {day:yyyy-MM-dd} busy.");
        }

        var teams = Enumerable.Range(0, board.Teams.Count).Where(t => teamId is null || board.Teams[t].Id == teamId).ToList();
        if (teams.Count == 0)
        {
            return VisitChange.Problem($"Không có tổ thẩm định \"{teamId}\".", $"There is no team \"{teamId}\".");
        }

        if (!teams.Any(t => board.Units[unit].Allows(dayIndex, t)))
        {
            return VisitChange.Problem("Mọi thành viên của tổ này đều có xung đột lợi ích với đơn vị.", "Every member of this team has a conflict of interest with the unit.");
        }

        board.Lift(unit);
        // One visit pushed to a free slot, chosen to keep districts together, before longer chains of moves.
        var targets = teams.Select(t => board.TeamDay(dayIndex, t)).ToList();
        if (board.PlaceWithBestPush(unit, targets) is null && board.PlaceWithFewestMoves(unit, targets) is null)
        {
            return VisitChange.Problem(
                $"Ngày {day:dd/MM/yyyy} đã kín lịch và không thể dời đơn vị nào khác để có chỗ.",
                $"{day:yyyy-MM-dd} is full and no other visit can move to make room.");
        }

        return new VisitChange(Changed(board, current, everyTeamDay: false));
    }

    /// <summary>A member drops out: visits keep the rest of their team; a visit left with nobody who may appraise the unit moves.</summary>
    public static VisitChange DropMember(VisitRequest request, IReadOnlyList<Visit> current, string memberId) =>
        Drop(request with { Team = [.. request.Team.Where(m => m.Id != memberId)] }, current,
            $"không còn ai trong tổ có thể thẩm định đơn vị sau khi thành viên {memberId} rút", $"nobody left in the team may appraise it once {memberId} drops out");

    /// <summary>A team drops out: its visits go to other teams' free slots, on the same day when possible.</summary>
    public static VisitChange DropTeam(VisitRequest request, IReadOnlyList<Visit> current, string teamId) =>
        Drop(request with { Team = [.. request.Team.Where(m => m.TeamId != teamId)] }, current,
            $"tổ {teamId} rút và các tổ khác không còn buổi trống phù hợp", $"team {teamId} dropped out and no other team has a fitting free slot");

    /// <summary>The explanation of a plan as it stands now (after changes).</summary>
    public static PlanExplanation Explain(VisitRequest request, IReadOnlyList<Visit> current) => PlanExplainer.Explain(Board(request, current));

    private static VisitChange Drop(VisitRequest reduced, IReadOnlyList<Visit> current, string whyVi, string whyEn)
    {
        var board = Board(reduced, current);
        var left = Enumerable.Range(0, board.Units.Count).Where(u => board.At[u] < 0).ToList();
        foreach (var unit in left)
        {
            var day = IndexOf(board.Days, current.First(v => v.UnitId == board.Units[unit].Info.Id).Day);
            var sameDay = day < 0 ? [] : Enumerable.Range(0, board.Teams.Count).Select(t => board.TeamDay(day, t)).ToList();
            if (board.PlaceWithFewestMoves(unit, sameDay) is null && board.PlaceWithFewestMoves(unit) is null)
            {
                // Chains of one-slot moves are not enough (long visits): plan again from scratch, which changes
                // more visits but finds a plan whenever one exists.
                if (new MatchingVisitPlanner().Plan(reduced).Visits is { } fresh)
                {
                    var old = current.ToDictionary(v => v.UnitId, StringComparer.Ordinal);
                    return new VisitChange([.. fresh.Where(v => !Same(old[v.UnitId], v))]);
                }

                var info = board.Units[unit].Info;
                return VisitChange.Problem($"Không xếp lại được lịch cho đơn vị {info.Code} ({info.Name}): {whyVi}.", $"Unit {info.Code} ({info.Name}) cannot be re-planned: {whyEn}.");
            }
        }

        return new VisitChange(Changed(board, current, everyTeamDay: true));
    }

    /// <summary>The board holding the current plan; visits that no longer fit the request (a team gone) are left unplaced.</summary>
    private static PlanBoard Board(VisitRequest request, IReadOnlyList<Visit> current)
    {
        var board = new PlanBoard(request);
        var byUnit = current.ToDictionary(v => v.UnitId, StringComparer.Ordinal);
        for (var u = 0; u < board.Units.Count; u++)
        {
            if (!byUnit.TryGetValue(board.Units[u].Info.Id, out var visit))
            {
                continue;
            }

            var day = IndexOf(board.Days, visit.Day);
            var team = TeamIndex(board, visit);
            if (day >= 0 && team >= 0 && board.Units[u].Allows(day, team))
            {
                board.Place(u, board.TeamDay(day, team));
            }
        }

        return board;
    }

    /// <summary>The team of a visit: by its id, or by its members for a plan from before teams had ids.</summary>
    private static int TeamIndex(PlanBoard board, Visit visit)
    {
        for (var t = 0; t < board.Teams.Count; t++)
        {
            if (visit.TeamId is { } id ? board.Teams[t].Id == id : board.Teams[t].Members.Any(m => visit.TeamMemberIds.Contains(m.Id)))
            {
                return t;
            }
        }

        return -1;
    }

    /// <summary>
    /// New versions of the visits that changed. A visit that stays on its team-day keeps its slot; one that
    /// arrives takes the first free run of slots there. Members are recomputed (a member may have gone).
    /// </summary>
    private static List<Visit> Changed(PlanBoard board, IReadOnlyList<Visit> current, bool everyTeamDay)
    {
        var byUnit = current.ToDictionary(v => v.UnitId, StringComparer.Ordinal);
        var named = Named(board.Request);
        var changed = new List<Visit>();
        // After a move only the team-days something arrived at can change; after a drop, members change everywhere.
        var arrivedAt = Enumerable.Range(0, board.Units.Count)
            .Where(u => board.At[u] >= 0 && !SameTeamDay(board, byUnit[board.Units[u].Info.Id], board.At[u]))
            .Select(u => board.At[u]).ToHashSet();
        foreach (var group in Enumerable.Range(0, board.Units.Count).Where(u => board.At[u] >= 0 && (everyTeamDay || arrivedAt.Contains(board.At[u]))).GroupBy(u => board.At[u]).OrderBy(g => g.Key))
        {
            var day = board.Days[board.DayOf(group.Key)];
            var team = board.Teams[board.TeamOf(group.Key)];
            var taken = new bool[board.Capacity];
            var stays = new List<(int Unit, int Slot)>();
            var arrives = new List<int>();
            foreach (var u in group)
            {
                var old = byUnit[board.Units[u].Info.Id];
                if (SameTeamDay(board, old, group.Key) && old.Slot + board.Units[u].Cost <= board.Capacity
                    && !Enumerable.Range(old.Slot, board.Units[u].Cost).Any(s => taken[s]))
                {
                    stays.Add((u, old.Slot));
                    Enumerable.Range(old.Slot, board.Units[u].Cost).ToList().ForEach(s => taken[s] = true);
                }
                else
                {
                    arrives.Add(u);
                }
            }

            var placed = arrives.Select(u => (Unit: u, Slot: FirstFree(taken, board.Units[u].Cost))).ToList();
            IEnumerable<(int Unit, int Slot)> slots = stays.Concat(placed);
            if (placed.Any(p => p.Slot < 0))
            {
                // The free slots are scattered (a long visit arrives between short ones): the day is laid out again.
                var next = 0;
                slots = [.. stays.Select(s => s.Unit).Concat(arrives).Select(u => (Unit: u, Slot: (next += board.Units[u].Cost) - board.Units[u].Cost))];
            }

            foreach (var (u, slot) in slots)
            {
                var unit = board.Units[u];
                var visit = new Visit(unit.Info.Id, day, slot, [.. unit.MembersOf(team).Select(m => m.Id)], named ? team.Id : null);
                if (!Same(byUnit[unit.Info.Id], visit))
                {
                    changed.Add(visit);
                }
            }
        }

        return changed;
    }

    private static bool SameTeamDay(PlanBoard board, Visit old, int teamDay) =>
        old.Day == board.Days[board.DayOf(teamDay)] && TeamIndex(board, old) == board.TeamOf(teamDay);

    private static bool Same(Visit a, Visit b) =>
        a.Day == b.Day && a.Slot == b.Slot && a.TeamId == b.TeamId && a.TeamMemberIds.SequenceEqual(b.TeamMemberIds);

    private static int FirstFree(bool[] taken, int cost)
    {
        for (var start = 0; start + cost <= taken.Length; start++)
        {
            if (Enumerable.Range(start, cost).All(s => !taken[s]))
            {
                Enumerable.Range(start, cost).ToList().ForEach(s => taken[s] = true);
                return start;
            }
        }

        return -1;
    }

    private static bool Named(VisitRequest request) => request.Team.Any(m => !string.IsNullOrWhiteSpace(m.Team));

    private static int Index(PlanBoard board, string unitId)
    {
        for (var u = 0; u < board.Units.Count; u++)
        {
            if (board.Units[u].Info.Id == unitId)
            {
                return u;
            }
        }

        return -1;
    }

    private static int IndexOf(IReadOnlyList<DateOnly> days, DateOnly day)
    {
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i] == day)
            {
                return i;
            }
        }

        return -1;
    }
}
