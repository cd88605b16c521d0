using System.Diagnostics;
using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Benchmarks;

/// <summary>
/// The pure part of a command, without storage: decide + fold + serialise the event, for N submissions
/// on a cycle of N units. Shows how much of a command burst's rate the CPU leaves to storage.
/// Run: dotnet run -c Release --project bench/ItEval.Benchmarks -- decide 10000
/// </summary>
internal static class DecideScenario
{
    public static void Run(int units)
    {
        var rubric = BuiltInRubrics.Load(BuiltInRubrics.DepartmentsAndDistricts);
        var snapshot = RubricSnapshot.Of(rubric);
        var at = new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
        var definition = new CycleDefinition("d", 2026, "Decide", CycleCalendar.DefaultTimeZone, snapshot.Json, snapshot.Sha256,
            ScoringMethod.Points, UnappraisedPolicy.UseSelfScore, NotSubmittedPolicy.RankLastWithZero, [], new DateOnly(2026, 12, 15),
            CycleDefinition.DefaultReminderDays, new DateOnly(2026, 12, 21), new DateOnly(2027, 12, 31), 50, [],
            ["admin@bench.gov.vn"], [new TeamMember("tv1", "Tổ", "team@bench.gov.vn")],
            [.. Enumerable.Range(1, units).Select(i => new UnitInfo($"u{i:D5}", $"U{i:D5}", $"Đơn vị {i}", $"g{i % 20}", $"d{i % 40}", [$"u{i}@bench.gov.vn"]))]);
        var state = CycleState.Fold("d", [new CycleCreated(definition) { At = at, By = "admin" }, new CycleStarted { At = at, By = "admin" }]);
        state.Apply(new UnitsAnnounced([.. state.Units.Keys]) { At = at, By = "system" });
        state.Apply(new CollectingOpened { At = at, By = "system" });
        var scores = rubric.Leaves.ToDictionary(l => l.Code, l => Math.Round(l.MaxPoints * 0.8m, 2));
        for (var round = 0; round < 2; round++)
        {
            var watch = Stopwatch.StartNew();
            var bytes = 0L;
            foreach (var id in state.Units.Keys.ToList())
            {
                var decision = CycleDecider.Decide(state, new RecordSubmission(id, $"s{round}-{id}", scores) { By = "unit" }, at.AddHours(1));
                foreach (var e in decision.Events)
                {
                    bytes += CycleEventTypes.Serialize(e).Json.Length;
                    state.Apply(e);
                }
            }

            Console.WriteLine($"round {round + 1}: {units:N0} submissions decided, folded and serialised in {watch.ElapsedMilliseconds} ms ({units / watch.Elapsed.TotalSeconds:F0}/s on one core), {bytes / units} bytes of JSON each");
        }
    }
}
