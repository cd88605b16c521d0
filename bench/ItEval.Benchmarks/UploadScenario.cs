using System.Diagnostics;
using ItEval.Cycle;
using ItEval.Links;
using ItEval.Ranking;
using ItEval.Rubrics;
using ItEval.Storage;
using ItEval.Testing;
using ItEval.Uploads;
using ItEval.Web.UnitPage;
using Microsoft.Extensions.Time.Testing;
using ItEval.Engine;

namespace ItEval.Benchmarks;

/// <summary>
/// Units sending their filled forms through the unit page's upload path on Azurite: check the window,
/// validate, write the blob create-only, add the version row, record the submission on the cycle. Then
/// page views: open the link, list the unit's versions, render the page. Prints rates per second.
/// Run: dotnet run -c Release --project bench/ItEval.Benchmarks -- uploads 2000 [parallelism]
/// </summary>
internal static class UploadScenario
{
    public static async Task RunAsync(int units, int parallelism)
    {
        var azurite = await Azurite.GetAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        await using var host = new EngineHost(EngineHost.SettingsFor(azurite.ConnectionString, "b" + Guid.NewGuid().ToString("N")[..10]), time);
        await host.Get<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
        var engine = host.Get<CycleEngine>();
        var uploads = host.Get<UnitUploads>();
        var rubric = BuiltInRubrics.Load(BuiltInRubrics.DepartmentsAndDistricts);
        var snapshot = RubricSnapshot.Of(rubric);
        var definition = new CycleDefinition("bench", 2026, "Benchmark", CycleCalendar.DefaultTimeZone, snapshot.Json, snapshot.Sha256,
            ScoringMethod.Points, UnappraisedPolicy.UseSelfScore, NotSubmittedPolicy.RankLastWithZero, [], new DateOnly(2026, 12, 15),
            CycleDefinition.DefaultReminderDays, new DateOnly(2026, 12, 21), new DateOnly(2027, 4, 30), 40, [], ["admin@bench.gov.vn"],
            [new TeamMember("tv1", "Tổ thẩm định", "team@bench.gov.vn")],
            [.. Enumerable.Range(1, units).Select(i => new UnitInfo($"u{i:D5}", $"U{i:D5}", $"Đơn vị {i}", $"g{i % 20}", $"d{i % 40}", [$"u{i}@bench.gov.vn"]))]);
        await engine.HandleAsync("bench", new CreateCycle(definition) { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("bench", new StartCycle { By = "admin" }, CancellationToken.None);
        await host.SettleAsync();
        var ids = definition.Units.Select(u => u.Id).ToList();
        var forms = new Dictionary<string, byte[]>();
        foreach (var id in ids)
        {
            forms[id] = ItEval.Demo.DemoForms.Fill((await uploads.FormTemplateAsync("bench", id, CancellationToken.None)).Bytes, rubric, 0.8);
        }

        Console.WriteLine($"{units:N0} units, parallelism {parallelism}, {Environment.ProcessorCount} cores");
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        var accepted = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, options, async (id, ct) =>
        {
            using var content = new MemoryStream(forms[id]);
            if ((await uploads.UploadFormAsync("bench", id, "phieu.xlsx", content, ct)).Current)
            {
                Interlocked.Increment(ref accepted);
            }
        });
        Console.WriteLine($"form uploads accepted and recorded: {accepted:N0} in {watch.Elapsed.TotalSeconds:F1} s = {accepted / watch.Elapsed.TotalSeconds:F0}/s");

        var gate = host.Get<UnitLinkGate>();
        var links = host.Get<UnitLinks>();
        var renderer = host.Get<PageRenderer>();
        var tokens = await engine.QueryAsync("bench", s => ids.Select(id => links.Token(new LinkClaims(id, "bench", UnitLinks.UploadPurpose, time.GetUtcNow().AddDays(60)))).ToList(), CancellationToken.None);
        var bytes = 0L;
        watch.Restart();
        await Parallel.ForEachAsync(tokens, options, async (token, ct) =>
        {
            var (access, _) = await gate.OpenAsync(token, ct);
            var versions = await uploads.ListAsync("bench", access!.UnitId, ct);
            var model = await engine.QueryAsync("bench", s => UnitPageModel.Build(s, s.Units[access.UnitId], versions,
                null, new UnitPageRequest(token, "vi"), time.GetUtcNow(), 20 << 20, new ItEval.Scheduling.VisitHours()), ct);
            var html = renderer.Render("unit", model);
            Interlocked.Add(ref bytes, html.Length);
        });
        Console.WriteLine($"page views (link check + versions + render): {tokens.Count:N0} in {watch.Elapsed.TotalSeconds:F1} s = {tokens.Count / watch.Elapsed.TotalSeconds:F0}/s, {bytes / tokens.Count / 1024} KB each");
        Console.WriteLine($"peak memory of this process {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB");
    }
}
