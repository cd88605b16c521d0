using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Cycle;

/// <summary>A history a newer build wrote: this build stops with words an admin understands, and writes nothing.</summary>
public sealed class NewerHistoryTests
{
    [Fact]
    public async Task A_cycle_holding_an_event_of_a_newer_version_answers_503_in_words_and_accepts_no_command()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using (var writer = ItEvalApp.On(storage, ApiKeys.Settings()))
        {
            var engine = writer.Services.GetRequiredService<CycleEngine>();
            Assert.Null((await engine.HandleAsync("moi", new CreateCycle(SampleCycles.Definition("moi", 2)) { By = "admin" }, CancellationToken.None)).Refusal);
        }

        // What a newer build would append: the next event, in a version this build does not know.
        var events = storage.Tables.GetTableClient(storage.Names.CycleEventsTable);
        await events.AddEntityAsync(new TableEntity("moi", "0000000002") { ["Type"] = "CycleStarted", ["Version"] = 2, ["Data"] = """{"at":"2026-12-01T01:00:00+00:00","by":"admin","wave":1}""" });
        await using var reader = ItEvalApp.On(storage, ApiKeys.Settings());
        var admin = ApiKeys.Client(reader, ApiKeys.Admin);

        var status = await admin.GetAsync(new Uri("/api/cycles/moi", UriKind.Relative));
        var start = await admin.PostAsync(new Uri("/api/cycles/moi/start", UriKind.Relative), null);
        var problem = await status.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (status.StatusCode, start.StatusCode));
        Assert.Contains("phiên bản ItEval mới hơn", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await CountAsync(events));
    }

    private static async Task<int> CountAsync(TableClient events)
    {
        var count = 0;
        await foreach (var _ in events.QueryAsync<TableEntity>(e => e.PartitionKey == "moi"))
        {
            count++;
        }

        return count;
    }
}
