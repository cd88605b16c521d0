using System.Diagnostics;
using System.Globalization;
using ItEval.Cycle;
using ItEval.Scheduling;

namespace ItEval.Benchmarks;

/// <summary>
/// The visit planner at provincial scale: N units in 50 districts, 10 teams of 3, a window of 30 working
/// days across Tết 2027 (the shipped calendar), 5 % of units with 1–5 busy days, each member in conflict
/// with one unit. Prints the plan's time (3 runs), days used against the lower bound, districts split,
/// then 50 moves to a free slot and 50 moves to a full day with their times and visits changed.
/// </summary>
public static class PlanScenario
{
    public static void Run(int count, int visitsPerDay)
    {
        var random = new Random(2026);
        var units = Enumerable.Range(1, count).Select(i => new UnitInfo($"u{i:D5}", $"X{i:D5}", $"Xã {i}", "xa", $"Huyện {i % 50:D2}", [$"x{i}@tinh.gov.vn"])).ToList();
        var team = Enumerable.Range(1, 10).SelectMany(t => Enumerable.Range(1, 3).Select(m =>
            new TeamMember($"t{t}m{m}", $"Thành viên {t}.{m}", $"t{t}m{m}@tinh.gov.vn", [units[random.Next(count)].Id], $"T{t:D2}", m == 1 ? true : null))).ToList();
        var start = new DateOnly(2027, 1, 18);
        var calendar = WorkingCalendar.Vietnam;
        var end = calendar.Between(start, start.AddDays(80)).Skip(29).First();
        var window = calendar.Between(start, end).ToList();
        var busy = units.Where(_ => random.NextDouble() < 0.05)
            .ToDictionary(u => u.Id, u => (IReadOnlyCollection<DateOnly>)[.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => window[random.Next(window.Count)]).Distinct()]);
        var request = new VisitRequest(units, start, end, visitsPerDay, [], team, busy);
        Console.WriteLine($"Visit plan: {count:N0} units, 50 districts, 10 teams × 3, {window.Count} working days {start:yyyy-MM-dd}..{end:yyyy-MM-dd} (Tết inside), {busy.Count} units with busy days, {visitsPerDay} visits per team per day; {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        var planner = new MatchingVisitPlanner();
        VisitPlan plan = null!;
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            plan = planner.Plan(request);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"plan: runs {string.Join(" / ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms");
        if (plan.Visits is not { } visits)
        {
            Console.WriteLine($"refused: {plan.ProblemEn}");
            return;
        }

        var why = plan.Explanation!;
        Console.WriteLine($"days used {why.DaysUsed} (lower bound {why.LowerBound}), {why.SplitDistricts.Count} districts split, {why.BentRules.Count} soft rules bent, tet days used: {visits.Count(v => v.Day.Month == 2 && v.Day.Day is >= 5 and <= 11)}");

        // One move first, not counted: the first call pays for JIT compilation.
        _ = VisitReplanner.Move(request, visits, visits[0].UnitId, visits[^1].Day, null);
        Moves(request, visits, random, toFreeSlot: true);
        Moves(request, visits, random, toFreeSlot: false);
    }

    private static void Moves(VisitRequest request, IReadOnlyList<Visit> visits, Random random, bool toFreeSlot)
    {
        var times = new List<double>();
        var listing = new List<double>();
        var changed = new List<int>();
        var refused = 0;
        for (var i = 0; i < 50; i++)
        {
            var visit = visits[random.Next(visits.Count)];
            var watch = Stopwatch.StartNew();
            var free = VisitReplanner.FreeSlots(request, visits, visit.UnitId);
            listing.Add(watch.Elapsed.TotalMilliseconds);
            var target = toFreeSlot
                ? (free.Count > 0 ? free[0] : null)
                : new FreeSlot(visits.Where(v => v.Day != visit.Day).ElementAt(random.Next(visits.Count / 2)).Day, null);
            if (target is null)
            {
                continue;
            }

            watch.Restart();
            var change = VisitReplanner.Move(request, visits, visit.UnitId, target.Day, target.TeamId);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (change.Changed is { } c)
            {
                changed.Add(c.Count);
            }
            else
            {
                refused++;
            }
        }

        Console.WriteLine($"{(toFreeSlot ? "moves to a free slot" : "moves to a full day")}: {times.Count}, re-plan mean {times.Average():0.0} ms, max {times.Max():0.0} ms; listing free slots mean {listing.Average():0.0} ms, max {listing.Max():0.0} ms; visits changed: max {changed.DefaultIfEmpty().Max()}, mean {changed.DefaultIfEmpty().Average():0.00}, refused {refused}");
    }
}
