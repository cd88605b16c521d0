using ItEval.Cycle;
using ItEval.Scheduling;

namespace ItEval.Tests.Scheduling;

/// <summary>Small planning problems, an exhaustive search written independently of the planner, and a plan checker.</summary>
internal static class PlanningKit
{
    /// <summary>Monday 21 December 2026: the week has no public holiday.</summary>
    public static readonly DateOnly Monday = new(2026, 12, 21);

    public static UnitInfo Unit(int i, string district) => new($"u{i:D2}", $"U{i:D2}", $"Đơn vị {i}", "so", district, [$"u{i}@tinh.gov.vn"]);

    public static TeamMember Member(string id, string team, params string[] conflicts) =>
        new(id, $"Thành viên {id}", $"{id}@tinh.gov.vn", conflicts.Length > 0 ? conflicts : null, team);

    /// <summary>A random instance: ≤ 8 units, ≤ 5 working days, 1–2 teams, 1–3 visits a day, busy and preferred days, conflicts, far districts, neighbour groups.</summary>
    public static VisitRequest Random(int seed)
    {
        var random = new Random(seed);
        var days = random.Next(1, 6);
        var units = Enumerable.Range(1, random.Next(1, 9)).Select(i => Unit(i, "ABC"[random.Next(3)].ToString())).ToList();
        var team = new List<TeamMember>();
        for (var t = 1; t <= random.Next(1, 3); t++)
        {
            for (var m = 1; m <= random.Next(1, 4); m++)
            {
                var conflicts = units.Where(_ => random.NextDouble() < 0.2).Select(u => u.Id).ToArray();
                team.Add(Member($"t{t}m{m}", $"T{t}", conflicts));
            }
        }

        var window = Enumerable.Range(0, days).Select(d => Monday.AddDays(d)).ToList();
        var busy = units.Where(_ => random.NextDouble() < 0.4)
            .ToDictionary(u => u.Id, u => (IReadOnlyCollection<DateOnly>)[.. window.Where(_ => random.NextDouble() < 0.5)]);
        var trips = new Dictionary<string, TripLength>();
        if (random.NextDouble() < 0.3)
        {
            trips["C"] = random.NextDouble() < 0.5 ? TripLength.HalfDay : TripLength.FullDay;
        }

        var preferred = units.Where(_ => random.NextDouble() < 0.3)
            .ToDictionary(u => u.Id, u => (IReadOnlyCollection<DateOnly>)[window[random.Next(window.Count)]]);
        IReadOnlyList<IReadOnlyList<string>>? neighbours = random.NextDouble() < 0.4 ? [["A", "B"]] : null;
        return new VisitRequest(units, Monday, Monday.AddDays(days - 1), random.Next(1, 4), [], team, busy) { Trips = trips, Preferred = preferred, NeighbourGroups = neighbours };
    }

    public static int Cost(VisitRequest request, UnitInfo unit) =>
        request.Trips?.TryGetValue(unit.District, out var trip) == true
            ? Math.Max(1, trip == TripLength.FullDay ? request.VisitsPerDay : (request.VisitsPerDay + 1) / 2)
            : 1;

    /// <summary>Whether any assignment of every unit to a (day, team) exists: tries them all.</summary>
    public static bool ExhaustivelyFeasible(VisitRequest request)
    {
        var days = request.WorkingDays();
        var teams = request.Team.GroupBy(m => m.TeamId).Select(g => g.ToList()).ToList();
        var load = new int[days.Count, teams.Count];
        bool Assign(int next)
        {
            if (next == request.Units.Count)
            {
                return true;
            }

            var unit = request.Units[next];
            var cost = Cost(request, unit);
            var busy = request.Blackouts?.GetValueOrDefault(unit.Id) ?? [];
            for (var d = 0; d < days.Count; d++)
            {
                for (var t = 0; t < teams.Count; t++)
                {
                    if (busy.Contains(days[d]) || teams[t].All(m => m.ConflictsWith(unit.Id)) || load[d, t] + cost > request.VisitsPerDay)
                    {
                        continue;
                    }

                    load[d, t] += cost;
                    if (Assign(next + 1))
                    {
                        return true;
                    }

                    load[d, t] -= cost;
                }
            }

            return false;
        }

        return Assign(0);
    }

    /// <summary>Every rule a plan must keep, as a list of what is wrong (empty when the plan is valid).</summary>
    public static List<string> Problems(VisitRequest request, IReadOnlyList<Visit> visits)
    {
        var problems = new List<string>();
        var days = request.WorkingDays();
        if (visits.Select(v => v.UnitId).Order(StringComparer.Ordinal).SequenceEqual(request.Units.Select(u => u.Id).Order(StringComparer.Ordinal)) is false)
        {
            problems.Add("not every unit exactly once");
        }

        foreach (var visit in visits)
        {
            var unit = request.Units.Single(u => u.Id == visit.UnitId);
            var members = request.Team.Where(m => visit.TeamMemberIds.Contains(m.Id)).ToList();
            if (!days.Contains(visit.Day))
            {
                problems.Add($"{unit.Code} on a day off {visit.Day}");
            }

            if ((request.Blackouts?.GetValueOrDefault(unit.Id) ?? []).Contains(visit.Day))
            {
                problems.Add($"{unit.Code} on a busy day {visit.Day}");
            }

            if (members.Count == 0 || members.Select(m => m.TeamId).Distinct().Count() != 1 || members.Any(m => m.ConflictsWith(unit.Id)))
            {
                problems.Add($"{unit.Code} has members {string.Join(",", visit.TeamMemberIds)}");
            }
        }

        foreach (var teamDay in visits.GroupBy(v => (v.Day, Team: request.Team.First(m => v.TeamMemberIds.Contains(m.Id)).TeamId)))
        {
            var taken = new bool[request.VisitsPerDay];
            foreach (var visit in teamDay)
            {
                var cost = Cost(request, request.Units.Single(u => u.Id == visit.UnitId));
                for (var s = visit.Slot; s < visit.Slot + cost; s++)
                {
                    if (s >= taken.Length || taken[s])
                    {
                        problems.Add($"slot {s} of {teamDay.Key} overbooked");
                    }
                    else
                    {
                        taken[s] = true;
                    }
                }
            }
        }

        return problems;
    }
}
