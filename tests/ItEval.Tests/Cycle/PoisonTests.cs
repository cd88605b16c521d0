using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>Work that fails every attempt: recorded in the cycle in words, alerted, and replayed by the admin once the cause is fixed.</summary>
public sealed class PoisonTests
{
    [Fact]
    public async Task The_admin_sees_failed_work_and_replays_it_after_the_cause_is_fixed_and_the_cycle_finishes_announcing()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var deliveries = new DeliveryLog { Outage = "SendGrid 503: service unavailable" };
        var settings = new Dictionary<string, string?>(ApiKeys.Settings()) { ["Process:MaxAttempts"] = "3" };
        await using var api = ItEvalApp.On(storage, settings, services => CountingTransport.Register(services, deliveries));
        var engine = api.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("r", new CreateCycle(Definition("r", 3)) { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("r", new StartCycle { By = "admin" }, CancellationToken.None);
        var client = ApiKeys.Client(api, ApiKeys.Admin);

        // The email provider is down through every attempt: the announcement (and the alert about it) fail for good.
        await api.SettleAsync();
        Assert.Equal(CyclePhase.Announcing, await engine.QueryAsync("r", s => s.Phase, CancellationToken.None));
        var failed = await client.GetFromJsonAsync<JsonElement>("/api/cycles/r/work/failed");
        var items = failed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["announce", "email"], items.Select(i => i.GetProperty("kind").GetString()).Order());
        Assert.All(items, i => Assert.Contains("SendGrid 503", i.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.Contains("SendGrid 503", await engine.QueryAsync("r", s => s.LastError, CancellationToken.None), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("/api/cycles/r/work/retry", new { })).StatusCode);

        deliveries.Outage = null;
        var retried = await client.PostAsJsonAsync("/api/cycles/r/work/retry", new { reason = "SendGrid hoạt động lại" });
        await api.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal((CyclePhase.Collecting, 0, (string?)null),
            await engine.QueryAsync("r", s => (s.Phase, s.FailedWork.Count, s.LastError), CancellationToken.None));
        Assert.Empty(deliveries.Duplicates);
        Assert.Equal(3, deliveries.Count(id => id.Contains("/announcement/", StringComparison.Ordinal)));
        Assert.Equal(1, deliveries.Count(id => id.Contains("/admin-alert/", StringComparison.Ordinal)));
        var history = await api.Services.GetRequiredService<CycleStore>().ReadAsync("r", 0, CancellationToken.None);
        Assert.Equal(2, history.Count(e => e.Event is WorkItemFailed));
        var replay = Assert.Single(history, e => e.Event is FailedWorkRetried);
        Assert.Equal(("cntt-admin", "SendGrid hoạt động lại"), (replay.Event.By, ((FailedWorkRetried)replay.Event).Reason));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/cycles/r/work/retry", new { reason = "again" })).StatusCode);
    }
}
