using System.Diagnostics;
using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;
using ItEval.Storage;
using ItEval.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ItEval.Engine;

namespace ItEval.Benchmarks;

/// <summary>
/// A whole cycle of N units end to end on Azurite (in memory, started here), with an accelerated
/// clock and no human waits: simulated uploads and appraisals. Prints the time and rate of each phase,
/// work items per second and the peak memory of this process (the app side; Azurite is another process).
/// With several instances, each is a whole engine on the same storage (own cache, group commit and
/// pump), commands are spread over them, and every email handed to the provider is counted: the run
/// reports duplicates. It also measures the storage floor first and, at the end, how long a cold
/// instance takes to load the cycle (snapshot + newer events) against a replay of every event.
/// Run: dotnet run -c Release --project bench/ItEval.Benchmarks -- cycle 10000 [parallelism] [instances]
/// </summary>
internal static class CycleScenario
{
    /// <summary>Commands in flight at once in the upload and appraisal bursts (requests near a deadline).</summary>
    private const int Burst = 64;

    public static async Task RunAsync(int units, int parallelism, int instances = 1, bool sendGrid = false)
    {
        var azurite = await Azurite.GetAsync();
        // SendGrid through a loopback server with its v3 contract (202 + message id), instead of the local mailbox.
        await using var provider = sendGrid ? await FakeSendGrid.StartAsync() : null;
        if (provider is not null)
        {
            provider.RecordBodies = false;
        }

        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var floor = await StorageFloor.MeasureAsync(azurite.ConnectionString, prefix);
        var time = new FakeTimeProvider(Vn(2026, 12, 1));
        var settings = EngineHost.SettingsFor(azurite.ConnectionString, prefix);
        var deliveries = new DeliveryLog();
        // The largest generation any instance ran: what bounds the orchestration's history.
        var largest = (Events: 0, Bytes: 0L);
        var watchHistory = new ItEval.Durable.OrchestrationMiddleware(async (context, next) =>
        {
            await next();
            if (context.GetProperty<DurableTask.Core.OrchestrationRuntimeState>() is { } state)
            {
                var bytes = (long)Newtonsoft.Json.JsonConvert.SerializeObject(state.Events).Length;
                lock (deliveries)
                {
                    largest = (Math.Max(largest.Events, state.Events.Count), Math.Max(largest.Bytes, bytes));
                }
            }
        });
        // Warnings (failed work, retries) reach the terminal: a stalled phase says why.
        var hosts = Enumerable.Range(0, instances).Select(_ => new EngineHost(settings, time, services =>
        {
            services.AddSingleton(watchHistory);
            if (provider is null)
            {
                CountingTransport.Register(services, deliveries);
            }
            else
            {
                var options = new ItEval.Email.SendGridOptions { ApiKey = "SG.benchmark", Host = provider.Url, FromEmail = "no-reply@bench.gov.vn" };
                services.AddSingleton<ItEval.Email.IEmailTransport>(sp => new CountingTransport(new ItEval.Email.SendGridTransport(
                    new SendGrid.SendGridClient(new HttpClient(), new SendGrid.SendGridClientOptions { ApiKey = options.ApiKey, Host = options.Host }),
                    options, sp.GetRequiredService<TimeProvider>()), deliveries));
            }

            services.AddLogging(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        })).ToList();
        await hosts[0].Get<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
        var engines = hosts.Select(h => h.Get<CycleEngine>()).ToList();
        var engine = engines[0];
        CycleEngine EngineFor(int i) => engines[i % engines.Count];
        var rubric = BuiltInRubrics.Load(BuiltInRubrics.DepartmentsAndDistricts);
        var snapshot = RubricSnapshot.Of(rubric);
        var submitting = (int)(units * 0.95);
        // About 250 working days in the window below, so the plan needs at most 50 visits a day (the rules' maximum).
        var workingDays = 250;
        // One team can make 50 visits a day at most: a national-scale cycle needs several.
        var teams = Math.Max(1, (int)Math.Ceiling(submitting / (workingDays * 50.0)));
        var definition = new CycleDefinition("bench", 2026, "Benchmark", CycleCalendar.DefaultTimeZone, snapshot.Json, snapshot.Sha256,
            ScoringMethod.Points, UnappraisedPolicy.UseSelfScore, NotSubmittedPolicy.RankLastWithZero, [], new DateOnly(2026, 12, 15),
            CycleDefinition.DefaultReminderDays, new DateOnly(2026, 12, 21), new DateOnly(2027, 12, 31), Math.Min(50, (int)Math.Ceiling(submitting / (double)workingDays / teams)), [],
            ["admin@bench.gov.vn"], [.. Enumerable.Range(1, teams).Select(t => new TeamMember($"tv{t}", $"Tổ thẩm định {t}", $"team{t}@bench.gov.vn", Team: $"t{t}"))],
            [.. Enumerable.Range(1, units).Select(i => new UnitInfo($"u{i:D5}", $"U{i:D5}", $"Đơn vị {i}", $"g{i % 20}", $"d{i % 40}", [$"u{i}@bench.gov.vn"]))],
            DocumentHeader: DocumentHeader.State with { ParentAgency = "Ủy ban nhân dân tỉnh Lâm Đồng", Place = "Lâm Đồng" });
        var total = Stopwatch.StartNew();
        var lines = new List<string>();

        async Task<double> Phase(string name, int count, Func<Task> action, bool command = false)
        {
            var groupsBefore = engines.Select(e => e.GroupCommits).Aggregate((0L, 0L), (a, b) => (a.Item1 + b.Appends, a.Item2 + b.Commands));
            var watch = Stopwatch.StartNew();
            await action();
            var groups = engines.Select(e => e.GroupCommits).Aggregate((0L, 0L), (a, b) => (a.Item1 + b.Appends, a.Item2 + b.Commands));
            var seconds = watch.Elapsed.TotalSeconds;
            if (command)
            {
                Console.WriteLine($"  ({groups.Item1 - groupsBefore.Item1:N0} appends for {groups.Item2 - groupsBefore.Item2:N0} commands)");
            }

            var process = Process.GetCurrentProcess();
            lines.Add($"| {name} | {count:N0} | {seconds:F1} s | {count / seconds:F0}/s | {count / seconds / (command ? floor.SerialRowsPerSecond : floor.TableRowsPerSecond):F2}{(command ? " (serial)" : "")} | {GC.GetTotalMemory(false) / 1048576} MB / {process.PeakWorkingSet64 / 1048576} MB |");
            Console.WriteLine(lines[^1]);
            return seconds;
        }

        // Every instance runs an orchestration worker on the one task hub; settling waits until the
        // cycle's orchestration has looked at the record after the call and found nothing left to do.
        await Task.WhenAll(hosts.Select(h => h.StartWorkerAsync()));
        // A 100,000-unit publication takes minutes on this VM: settling waits as long as a phase may take.
        Task Drain() => hosts[0].SettleAsync("bench", TimeSpan.FromMinutes(30));
        Task Settle() => Drain();

        Console.WriteLine($"Cycle of {units:N0} units, {instances} instance(s), pump parallelism {parallelism}, {teams} team(s), {Burst} commands in flight in bursts, " +
            (provider is null ? "local mail transport" : $"SendGrid through a loopback server ({provider.Url})"));
        Console.WriteLine($"Storage floor (same Azurite, same run): {floor.TableRowsPerSecond:F0} table rows/s in transactions of 100, " +
            $"{floor.SerialRowsPerSecond:F0} rows/s by one writer on one partition (transactions of 50, one at a time), {floor.QueueMessagesPerSecond:F0} queue messages/s sent+received+deleted, {floor.BlobWritesPerSecond:F0} blob writes/s (4 KB)");
        Console.WriteLine("| phase | units | time | rate | ratio to table-row floor | managed heap / peak working set |\n| --- | --- | --- | --- | --- | --- |");
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
            new ParallelOptions { MaxDegreeOfParallelism = Burst },
            async (i, ct) => await EngineFor(i).HandleAsync("bench", new RecordSubmission($"u{i:D5}", $"s{i}", Scores(rubric, i)) { By = "unit" }, ct)), command: true);
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
        await Phase("appraisals recorded (external events)", visited.Count, () => Parallel.ForEachAsync(visited.Select((v, i) => (v.Id, v.SelfScores, i)), new ParallelOptions { MaxDegreeOfParallelism = Burst },
            async (v, ct) => await EngineFor(v.i).HandleAsync("bench", new RecordAppraisal(v.Id, [.. v.SelfScores.Select(s => new AppraisedScore(s.Key, s.Value, null, "tv1", time.GetUtcNow()))]) { By = "tv1" }, ct)), command: true);
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
        var whole = total.Elapsed.TotalSeconds;
        Console.WriteLine($"\nFinal phase {phase}; whole cycle {whole:F1} s; peak memory of this process {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB;" +
            $" the largest orchestration generation held {largest.Events:N0} history events ({largest.Bytes / 1024:N0} KB; each generation ends with ContinueAsNew).");
        // The previous engine (our own work queue, pump and timer sweep) no longer exists: its last figures, for side by side.
        Console.WriteLine("Previous engine (work queue + pump), last measured 2026-11-25 on this VM, 10,000 units: whole cycle 39 s, announce 1,646/s, publish 903/s, peak 385 MB;" +
            " two instances: uploads 524/s against 4,489/s on one; 100,000 units: 9.2 min.");
        Console.WriteLine($"Emails handed to the provider: {deliveries.HandedOver.Values.Sum():N0} ({deliveries.HandedOver.Count:N0} distinct), duplicates: {deliveries.Duplicates.Count}." +
            (provider is null ? "" : $" The loopback SendGrid accepted {provider.Accepted.Count:N0} personalisations ({provider.Accepted.Distinct().Count():N0} distinct)."));
        await ColdLoadAsync(hosts[0], settings, time);
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>A new instance loads the cycle: from its snapshot and the newer events, then (for comparison) by replaying every event.</summary>
    private static async Task ColdLoadAsync(EngineHost warm, IReadOnlyDictionary<string, string?> settings, TimeProvider time)
    {
        await warm.Get<CycleEngine>().SnapshotsWritten;
        var store = warm.Get<CycleStore>();
        var snapshot = await store.Snapshots.ReadAsync("bench", CycleSnapshots.Schema, CancellationToken.None);
        await using var cold = new EngineHost(settings, time);
        // The cold instance's first read runs the snapshot reader and the event reader once (JIT), as a real cold start would.
        var watch = Stopwatch.StartNew();
        var version = await cold.Get<CycleEngine>().QueryAsync("bench", s => s.Version, CancellationToken.None);
        var loaded = watch.Elapsed;
        await using var again = new EngineHost(settings, time);
        watch.Restart();
        await again.Get<CycleEngine>().QueryAsync("bench", s => s.Version, CancellationToken.None);
        var loadedAgain = watch.Elapsed;
        watch.Restart();
        var events = await store.ReadAsync("bench", 0, CancellationToken.None);
        var replayed = CycleState.Fold("bench", events.Select(e => e.Event));
        var replay = watch.Elapsed;
        Console.WriteLine($"Cold load: {loaded.TotalMilliseconds:F0} ms from the snapshot at version {snapshot?.Version:N0} ({snapshot?.Json.Length / 1048576.0:F1} MB of JSON) " +
            $"+ {version - (snapshot?.Version ?? 0):N0} newer events (a second new instance in this process, JIT warm: {loadedAgain.TotalMilliseconds:F0} ms); replaying all {replayed.Version:N0} events instead: {replay.TotalMilliseconds:F0} ms.");
    }

    private static Dictionary<string, decimal> Scores(Rubric rubric, int seed) =>
        rubric.Leaves.ToDictionary(l => l.Code, l => Math.Round(l.MaxPoints * (0.5m + (seed % 6) * 0.1m), 2));

    private static DateTimeOffset Vn(int year, int month, int day, int hour = 9, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime();
}
