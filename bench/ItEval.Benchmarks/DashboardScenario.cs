using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;
using ItEval.Storage;
using ItEval.Testing;
using Microsoft.Extensions.Time.Testing;
using ItEval.Engine;

namespace ItEval.Benchmarks;

/// <summary>
/// The cycle dashboard of a large cycle as the IT office opens it: the real app (a separate process,
/// Release build) on Azurite, a cycle of N units (announced, half submitted), pages fetched over HTTP
/// the way a browser does. Prints the first (cold) page, then warm pages, filtered and sorted pages.
/// Run: dotnet run -c Release --project bench/ItEval.Benchmarks -- dashboard 10000
/// </summary>
internal static class DashboardScenario
{
    public static async Task RunAsync(int units)
    {
        var azurite = await Azurite.GetAsync();
        var prefix = "d" + Guid.NewGuid().ToString("N")[..10];
        var settings = EngineHost.SettingsFor(azurite.ConnectionString, prefix);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        await using (var host = new EngineHost(settings, time))
        {
            await host.Get<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
            await CreateAsync(host, units);
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var port = FreePort();
        using var app = StartApp(settings, prefix, key, port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await WaitForAsync(client);

        Console.WriteLine($"dashboard of a {units:N0}-unit cycle, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var cold = await TimeAsync(client, "/admin/cycles/bench");
        Console.WriteLine($"first page after the app started (state read from {units:N0} units' events): {cold.Milliseconds:F0} ms, {cold.Bytes / 1024} KB");
        Report("first page (warm)", await RepeatAsync(client, "/admin/cycles/bench", 20));
        Report("filtered by status, sorted by self-score, page 20", await RepeatAsync(client, "/admin/cycles/bench?status=submitted&sort=-self&page=20", 20));
        Report("search by name", await RepeatAsync(client, "/admin/cycles/bench?q=%C4%90%C6%A1n%20v%E1%BB%8B%2099", 20));
        Report("live progress (JSON)", await RepeatAsync(client, "/admin/cycles/bench/progress", 20));
        app.Kill(entireProcessTree: true);
    }

    private static async Task CreateAsync(EngineHost host, int units)
    {
        var engine = host.Get<CycleEngine>();
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
        var scores = rubric.Leaves.ToDictionary(l => l.Code, l => Math.Round(l.MaxPoints * 0.8m, 2));
        await Parallel.ForEachAsync(Enumerable.Range(1, units / 2), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await engine.HandleAsync("bench", new RecordSubmission($"u{i * 2:D5}", $"s{i}", scores) { By = "unit" }, ct));
    }

    private static Process StartApp(Dictionary<string, string?> settings, string prefix, string key, int port)
    {
        var dll = Path.Combine(RepositoryRoot.Find(), "functions", "bin", "Release", "net10.0", "ItEval.Functions.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetTempPath(), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in settings)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__Prefix"] = prefix;
        start.Environment["Hosting__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Auth__Keys__0__Name"] = "bench";
        start.Environment["Auth__Keys__0__Role"] = "admin";
        start.Environment["Auth__Keys__0__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { Length: > 0 }) { Console.Error.WriteLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                if ((await client.GetAsync(new Uri("/api/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("The app did not start.");
    }

    private static async Task<(double Milliseconds, long Bytes)> TimeAsync(HttpClient client, string path)
    {
        var watch = Stopwatch.StartNew();
        var bytes = await client.GetByteArrayAsync(new Uri(path, UriKind.Relative));
        return (watch.Elapsed.TotalMilliseconds, bytes.Length);
    }

    private static async Task<List<double>> RepeatAsync(HttpClient client, string path, int times)
    {
        var results = new List<double>();
        for (var i = 0; i < times; i++)
        {
            results.Add((await TimeAsync(client, path)).Milliseconds);
        }

        return results;
    }

    private static void Report(string what, List<double> milliseconds)
    {
        milliseconds.Sort();
        Console.WriteLine($"{what}: median {milliseconds[milliseconds.Count / 2]:F0} ms, p90 {milliseconds[(int)(milliseconds.Count * 0.9)]:F0} ms, max {milliseconds[^1]:F0} ms");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
