using System.Globalization;

namespace ItEval.Scheduling;

/// <summary>Says why a plan looks as it does, in Vietnamese and English, from the plan alone.</summary>
internal static class PlanExplainer
{
    public static PlanExplanation Explain(PlanBoard board)
    {
        var placed = Enumerable.Range(0, board.Units.Count).Where(u => board.At[u] >= 0).ToList();
        var slots = board.Units.Sum(u => u.Cost);
        var lowerBound = (int)Math.Ceiling(slots / (double)(board.Capacity * Math.Max(1, board.Teams.Count)));
        var days = placed.GroupBy(u => board.DayOf(board.At[u])).OrderBy(g => g.Key)
            .Select(g => new DayLoad(board.Days[g.Key], g.Count(), board.Capacity * board.Teams.Count)).ToList();
        return new PlanExplanation(days.Count, lowerBound, board.Days.Count, days, Splits(board, placed), Bent(board, placed)) { MixedDays = Mixed(board, placed) };
    }

    /// <summary>
    /// Team-days whose districts are not all neighbours (with neighbour groups only). The units away from the
    /// day's main district are named, with why: their busy days, or no free slot on a neighbouring day.
    /// </summary>
    private static List<MixedDay> Mixed(PlanBoard board, List<int> placed)
    {
        var mixed = new List<MixedDay>();
        if (!board.Neighbours.Given)
        {
            return mixed;
        }

        var named = board.Request.Team.Any(m => !string.IsNullOrWhiteSpace(m.Team));
        foreach (var day in placed.GroupBy(u => board.At[u]).OrderBy(g => g.Key))
        {
            var districts = board.DistrictsOn(day.Key);
            if (districts.Keys.All(d => board.Neighbours.NearAll(d, districts.Keys)))
            {
                continue;
            }

            var main = districts.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).First().Key;
            var away = day.Where(u => !board.Neighbours.Near(board.Units[u].Info.District, main)).OrderBy(u => u).ToList();
            var busy = away.Where(u => board.Units[u].DayOptions < board.Days.Count).Select(u => board.Units[u].Info.Code).ToList();
            var rest = away.Where(u => board.Units[u].DayOptions == board.Days.Count).Select(u => board.Units[u].Info.Code).ToList();
            var vi = new List<string>();
            var en = new List<string>();
            if (busy.Count > 0)
            {
                vi.Add($"{string.Join(", ", busy)} báo bận những ngày khác");
                en.Add($"{string.Join(", ", busy)} declared the other days busy");
            }

            if (rest.Count > 0)
            {
                vi.Add($"{string.Join(", ", rest)}: các ngày đi địa bàn lân cận đã kín trong thời gian thẩm định (thêm ngày, tăng số buổi mỗi ngày hoặc thêm tổ để tách)");
                en.Add($"{string.Join(", ", rest)}: the days in neighbouring districts are full within the window (add days, visits per day or a team to separate them)");
            }

            mixed.Add(new MixedDay(board.Days[board.DayOf(day.Key)], named ? board.Teams[board.TeamOf(day.Key)].Id : null,
                [.. districts.Keys.Order(StringComparer.Ordinal)], string.Join("; ", vi), string.Join("; ", en)));
        }

        return mixed;
    }

    /// <summary>
    /// A district is split when its visits take more team-days than it needs (⌈its slots ÷ a team's day⌉).
    /// The reason: a unit's busy days, a conflict of interest, or filling free slots of days already used.
    /// </summary>
    private static List<DistrictSplit> Splits(PlanBoard board, List<int> placed)
    {
        var splits = new List<DistrictSplit>();
        foreach (var district in placed.GroupBy(u => board.Units[u].Info.District, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var teamDays = district.Select(u => board.At[u]).Distinct().ToList();
            var needed = (int)Math.Ceiling(district.Sum(u => board.Units[u].Cost) / (double)board.Capacity);
            if (teamDays.Count <= needed)
            {
                continue;
            }

            var main = teamDays.OrderByDescending(td => district.Count(u => board.At[u] == td)).ThenBy(td => td).First();
            var away = district.Where(u => board.At[u] != main).ToList();
            var busy = away.Where(u => !board.Units[u].AllowsDay(board.DayOf(main))).Select(u => board.Units[u].Info.Code).ToList();
            var conflicted = away.Where(u => board.Units[u].AllowsDay(board.DayOf(main)) && !board.Units[u].Allows(board.DayOf(main), board.TeamOf(main)))
                .Select(u => board.Units[u].Info.Code).ToList();
            var (vi, en) = busy.Count > 0
                ? ($"đơn vị {string.Join(", ", busy)} báo bận vào ngày đoàn đến huyện", $"unit(s) {string.Join(", ", busy)} declared the district's day busy")
                : conflicted.Count > 0
                    ? ($"tổ đến huyện có thành viên xung đột lợi ích với {string.Join(", ", conflicted)}", $"the district's team has a conflict of interest with {string.Join(", ", conflicted)}")
                    : ("các đơn vị được xếp vào buổi còn trống của ngày đã dùng để không phải thêm ngày", "units fill free slots of days already used, so no day is added");
            splits.Add(new DistrictSplit(district.Key, [.. teamDays.Select(board.DayOf).Distinct().Order().Select(d => board.Days[d])], vi, en));
        }

        return splits;
    }

    private static List<BentRule> Bent(PlanBoard board, List<int> placed)
    {
        var bent = new List<BentRule>();
        foreach (var u in placed)
        {
            var unit = board.Units[u];
            var team = board.Teams[board.TeamOf(board.At[u])];
            foreach (var member in team.Members.Where(m => m.ConflictsWith(unit.Info.Id)))
            {
                bent.Add(new BentRule(unit.Info.Id,
                    $"{unit.Info.Code}: {member.Name} không tham gia đoàn (xung đột lợi ích).",
                    $"{unit.Info.Code}: {member.Name} stays out of the visit (conflict of interest)."));
            }

            if (unit.Preferred.Count > 0 && !unit.Preferred.Contains(board.DayOf(board.At[u])))
            {
                var day = board.Days[board.DayOf(board.At[u])].ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
                bent.Add(new BentRule(unit.Info.Id,
                    $"{unit.Info.Code}: không xếp được vào ngày đơn vị mong muốn; xếp ngày {day}.",
                    $"{unit.Info.Code}: its preferred days were full; visited on {day}."));
            }
        }

        return bent;
    }
}
