using System.Diagnostics;
using System.Globalization;
using ItEval.Cycle;
using ItEval.Cycle.Process;
using ItEval.Testing;
using ItEval.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ItEval.Tests.Cycle;

/// <summary>
/// The app as it runs on a server: a real process hosting the cycles' orchestrations on Azurite, killed
/// (SIGKILL) in the middle of the announcement while the email provider holds one of its requests; a
/// second process takes over the task hub. Every unit gets exactly one announcement email, counted at
/// the provider (a loopback SendGrid), and the cycle reaches Collecting. The shipped timeouts (task-hub
/// visibilities of 20 s and leases of 30 s, the outbox's 15 s claim) are what the takeover waits for:
/// work must resume within 30 s of the kill (issue 25).
/// </summary>
public sealed class InstanceKillTests
{
    private const int Units = 600;

    [Fact]
    public async Task An_instance_killed_mid_announcement_leaves_every_unit_exactly_one_announcement_email()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var provider = await FakeSendGrid.StartAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Script.Enqueue(FakeSendGrid.Answer(StatusCodes.Status202Accepted));
        provider.Script.Enqueue(FakeSendGrid.Answer(StatusCodes.Status202Accepted));
        // The third request is held until its sender is dead (the connection drops): a message the provider
        // never accepted. Never answered before that, so the provider cannot accept it after the kill either.
        provider.Script.Enqueue(async response =>
        {
            held.TrySetResult();
            await Task.WhenAny(Task.Delay(Timeout.Infinite, response.HttpContext.RequestAborted), Task.Delay(TimeSpan.FromMinutes(3)));
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        });

        var settings = EngineHost.SettingsFor(storage.ConnectionString, storage.Names.Prefix);
        await using var client = new EngineHost(settings, TimeProvider.System);
        var engine = client.Get<CycleEngine>();
        Assert.Null((await engine.HandleAsync("k", new CreateCycle(SampleCycles.Definition("k", Units)) { By = "admin" }, CancellationToken.None)).Refusal);

        using var first = Start(settings, provider.Url);
        Process? second = null;
        try
        {
            await engine.HandleAsync("k", new StartCycle { By = "admin" }, CancellationToken.None);
            await held.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            var beforeKill = Announcements(provider).Count;
            Assert.InRange(beforeKill, 1, Units - 1);

            var takeover = Stopwatch.StartNew();
            second = Start(settings, provider.Url);
            var processes = client.Get<CycleProcessClient>();
            var progress = new List<string>();
            TimeSpan? resumed = null;
            var last = beforeKill;
            while (Announcements(provider).Count < Units || await engine.QueryAsync("k", s => s.Phase, CancellationToken.None) == CyclePhase.Announcing)
            {
                if (Announcements(provider).Count is var now && now != last)
                {
                    resumed ??= takeover.Elapsed;
                    progress.Add($"{now} at {takeover.Elapsed.TotalSeconds:F1} s");
                    last = now;
                }

                Assert.True(takeover.Elapsed < TimeSpan.FromSeconds(120), $"{Announcements(provider).Count} of {Units} announced {takeover.Elapsed.TotalSeconds:F0} s after the kill");
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }

            // The last jump may end the loop before its body sees it: then work resumed by the time the loop ended.
            resumed ??= takeover.Elapsed;

            // Let the second instance finish whatever it had started, then count again.
            await processes.WaitIdleAsync("k", TimeSpan.FromSeconds(60), CancellationToken.None);
            var sent = Announcements(provider);
            Assert.Equal(Units, sent.Count);
            Assert.Equal(Units, sent.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(CyclePhase.Collecting, await engine.QueryAsync("k", s => s.Phase, CancellationToken.None));
            System.Console.WriteLine($"Killed with {beforeKill} of {Units} announced; resumed {resumed?.TotalSeconds:F1} s and finished {takeover.Elapsed.TotalSeconds:F1} s after the kill ({string.Join(", ", progress)}).");
            Assert.True(resumed < TimeSpan.FromSeconds(30), $"work resumed {resumed?.TotalSeconds:F1} s after the kill");
        }
        finally
        {
            foreach (var process in new[] { first, second })
            {
                if (process is { HasExited: false })
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            second?.Dispose();
        }
    }

    private static List<string> Announcements(FakeSendGrid provider) =>
        [.. provider.Accepted.Where(id => id.Contains("/announcement", StringComparison.Ordinal))];

    /// <summary>The built app as a server runs it, on the test's storage, sending through the loopback SendGrid.</summary>
    private static Process Start(IReadOnlyDictionary<string, string?> settings, string sendGrid)
    {
        var start = AppProcess.StartInfo(settings[ItEval.Storage.StorageConnection.SettingName]!, settings["Storage:Prefix"]!);
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Durable__RunWorker"] = "true";
        start.Environment["Process__ItemsPerActivity"] = "1";
        start.Environment["SendGrid__ApiKey"] = "SG.kill-test";
        start.Environment["SendGrid__Host"] = sendGrid;
        start.Environment["SendGrid__FromEmail"] = "no-reply@tinh.gov.vn";
        var process = Process.Start(start)!;
        // Drained so a full pipe never blocks the app.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
