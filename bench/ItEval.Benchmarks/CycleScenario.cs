using System.Diagnostics;
using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;
using ItEval.Storage;
using ItEval.Testing;
using Microsoft.Extensions.Time.Testing;
using ItEval.Engine;

namespace ItEval.Benchmarks;

/// <summary>
/// A whole cycle of N units end to end on Azurite (in memory, started here), with an accelerated
/// clock and no human waits: simulated uploads and appraisals. Prints the time and rate of each phase,
/// work items per second and the peak memory of this process (the app side; Azurite is another process).
/// Run: dotnet run -c Release --project bench/ItEval.Benchmarks -- cycle 10000
/// </summary>
internal static class CycleScenario
{
    public static async Task RunAsync(int units, int parallelism)
    {
        var azurite = await Azurite.GetAsync();
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var time = new FakeTimeProvider(Vn(2026, 12, 1));
        await using var host = new EngineHost(EngineHost.SettingsFor(azurite.ConnectionString, prefix), time);
        await host.Get<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
        var engine = host.Get<CycleEngine>();
        var pump = host.Get<WorkPump>();
        var sweep = host.Get<TimerSweep>();
        var rubric = BuiltInRubrics.Load(BuiltInRubrics.DepartmentsAndDistricts);
        var snapshot = RubricSnapshot.Of(rubric);
        var submitting = (int)(units * 0.95);
        // About 250 working days in the window below, so the plan needs at most 50 visits a day (the rules' maximum).
        var workingDays = 250;
        var definition = new CycleDefinition("bench", 2026, "Benchmark", CycleCalendar.DefaultTimeZone, snapshot.Json, snapshot.Sha256,
            ScoringMethod.Points, UnappraisedPolicy.UseSelfScore, NotSubmittedPolicy.RankLastWithZero, [], new DateOnly(2026, 12, 15),
            CycleDefinition.DefaultReminderDays, new DateOnly(2026, 12, 21), new DateOnly(2027, 12, 31), Math.Min(50, (int)Math.Ceiling(submitting / (double)workingDays)), [],
            ["admin@bench.gov.vn"], [new TeamMember("tv1", "Tổ thẩm định", "team@bench.gov.vn")],
            [.. Enumerable.Range(1, units).Select(i => new UnitInfo($"u{i:D5}", $"U{i:D5}", $"Đơn vị {i}", $"g{i % 20}", $"d{i % 40}", [$"u{i}@bench.gov.vn"]))]);
        var work = 0;
        var total = Stopwatch.StartNew();
        var lines = new List<string>();

        async Task<double> Phase(string name, int count, Func<Task> action)
        {
            var watch = Stopwatch.StartNew();
            await action();
            var seconds = watch.Elapsed.TotalSeconds;
            var process = Process.GetCurrentProcess();
            lines.Add($"| {name} | {count:N0} | {seconds:F1} s | {count / seconds:F0}/s | {GC.GetTotalMemory(false) / 1048576} MB / {process.PeakWorkingSet64 / 1048576} MB |");
            Console.WriteLine(lines[^1]);
            return seconds;
        }

        async Task Drain() => work += await pump.DrainAsync(CancellationToken.None, parallelism);
        async Task Settle()
        {
            await sweep.SweepAsync(CancellationToken.None);
            await Drain();
        }

        Console.WriteLine($"Cycle of {units:N0} units, pump parallelism {parallelism}");
        Console.WriteLine("| phase | units | time | rate | managed heap / peak working set |\n| --- | --- | --- | --- | --- |");
        await Phase("create (roster of all units)", units, async () =>
        {
            // A refused definition would make every later phase measure nothing: stop here instead.
            if ((await engine.HandleAsync("bench", new CreateCycle(definition) { By = "admin" }, CancellationToken.None)).Refusal is { } refused)
            {
                throw new InvalidOperationException($"The benchmark's cycle was refused: {refused.En}");
            }
        });
        await Phase("announce fan-out (link + email per unit; forms made at first download)", units, async () =>
        {
            await engine.HandleAsync("bench", new StartCycle { By = "admin" }, CancellationToken.None);
            await Drain();
        });
        await Phase("uploads recorded (external events)", submitting, () => Parallel.ForEachAsync(Enumerable.Range(1, submitting),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await engine.HandleAsync("bench", new RecordSubmission($"u{i:D5}", $"s{i}", Scores(rubric, i)) { By = "unit" }, ct)));
        await Phase("reminders (timer, missing units only)", units - submitting, async () =>
        {
            time.SetUtcNow(Vn(2026, 12, 8, 8, 1));
            await Settle();
        });
        await Phase("close, schedule, visit-plan fan-out", submitting, async () =>
        {
            time.SetUtcNow(Vn(2026, 12, 16, 8, 1));
            await Settle();
            await Settle();
        });
        var visited = await engine.QueryAsync("bench", s => s.Visited.Select(u => (u.Info.Id, u.SelfScores)).ToList(), CancellationToken.None);
        await Phase("appraisals recorded (external events)", visited.Count, () => Parallel.ForEachAsync(visited, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (v, ct) => await engine.HandleAsync("bench", new RecordAppraisal(v.Id, [.. v.SelfScores.Select(s => new AppraisedScore(s.Key, s.Value, null, "tv1", time.GetUtcNow()))]) { By = "tv1" }, ct)));
        await Phase("ranking computed and stored", units, async () =>
        {
            await engine.HandleAsync("bench", new CloseAppraisal("all visited units appraised") { By = "admin" }, CancellationToken.None);
            await Settle();
        });
        await Phase("publish fan-out (result email per unit)", units, async () =>
        {
            await engine.HandleAsync("bench", new PublishResults { By = "admin" }, CancellationToken.None);
            await Drain();
        });

        var phase = await engine.QueryAsync("bench", s => s.Phase, CancellationToken.None);
        Console.WriteLine($"\nFinal phase {phase}; whole cycle {total.Elapsed.TotalSeconds:F1} s; {work:N0} work items ({work / total.Elapsed.TotalSeconds:F1}/s overall);" +
            $" peak memory of this process {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB.");
    }

    private static Dictionary<string, decimal> Scores(Rubric rubric, int seed) =>
        rubric.Leaves.ToDictionary(l => l.Code, l => Math.Round(l.MaxPoints * (0.5m + (seed % 6) * 0.1m), 2));

    private static DateTimeOffset Vn(int year, int month, int day, int hour = 9, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime();
}
