using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Tests.Cycle;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Web;

/// <summary>A large cycle's status is read page by page; the counts always cover every unit.</summary>
public sealed class StatusPagingTests
{
    [Fact]
    public async Task The_status_lists_one_page_of_units_in_code_order_and_counts_all_of_them()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, ApiKeys.Settings());
        var engine = app.Services.GetRequiredService<CycleEngine>();
        Assert.Null((await engine.HandleAsync("trang", new CreateCycle(SampleCycles.Definition("trang", 5)) { By = "admin" }, CancellationToken.None)).Refusal);
        var admin = ApiKeys.Client(app, ApiKeys.Admin);

        async Task<JsonElement> Status(string query) => await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/cycles/trang{query}", UriKind.Relative));
        var third = await Status("?page=3&pageSize=2");
        var all = await Status("");
        var clamped = await Status("?page=0&pageSize=100000");
        var beyond = await Status("?page=9&pageSize=2");

        Assert.Equal(["U0005"], third.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("code").GetString()));
        Assert.Equal((3, 2, 5), (third.GetProperty("unitsPage").GetInt32(), third.GetProperty("unitsPageSize").GetInt32(), third.GetProperty("unitsTotal").GetInt32()));
        Assert.Equal(5, third.GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal(5, third.GetProperty("counts").GetProperty("draft").GetInt32());
        Assert.Equal(["U0001", "U0002", "U0003", "U0004", "U0005"], all.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("code").GetString()));
        Assert.Equal(CycleStatusView.DefaultPageSize, all.GetProperty("unitsPageSize").GetInt32());
        Assert.Equal((1, CycleStatusView.MaxPageSize), (clamped.GetProperty("unitsPage").GetInt32(), clamped.GetProperty("unitsPageSize").GetInt32()));
        Assert.Equal(0, beyond.GetProperty("units").GetArrayLength());
    }
}
