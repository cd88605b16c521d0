using System.Net;
using ItEval.Tests.UnitPage;

namespace ItEval.Tests.Publication;

/// <summary>Issue 25: while storage is down the public results page answers a browser with a page in Vietnamese, an API client with JSON.</summary>
public sealed class PublicOutageTests
{
    [Fact]
    public async Task During_a_storage_outage_the_public_results_page_is_html_for_a_browser_and_json_for_a_client()
    {
        await using var host = await UnitPageHost.StartAsync(units: 2);
        await host.SubmitAsync("u0001", "u0002");
        await host.PublishAsync();
        var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/results/{UnitPageHost.CycleId}", UriKind.Relative))).StatusCode);

        await foreach (var table in host.Storage.Tables.QueryAsync(t => t.Name.CompareTo(host.Storage.Names.Prefix) >= 0))
        {
            if (table.Name.StartsWith(host.Storage.Names.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                await host.Storage.Tables.DeleteTableAsync(table.Name);
            }
        }

        await foreach (var container in host.Storage.Blobs.GetBlobContainersAsync(prefix: host.Storage.Names.Prefix.ToLowerInvariant()))
        {
            // The orchestration hub's containers hold leases; the app's own are enough for an outage of its data.
            try
            {
                await host.Storage.Blobs.DeleteBlobContainerAsync(container.Name);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 412)
            {
            }
        }

        using var browser = new HttpRequestMessage(HttpMethod.Get, $"/results/{UnitPageHost.CycleId}");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var page = await client.SendAsync(browser);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Hệ thống lưu trữ đang gặp sự cố", html, StringComparison.Ordinal);

        using var api = new HttpRequestMessage(HttpMethod.Get, $"/results/{UnitPageHost.CycleId}");
        api.Headers.Accept.ParseAdd("application/json");
        using var json = await client.SendAsync(api);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
    }
}
