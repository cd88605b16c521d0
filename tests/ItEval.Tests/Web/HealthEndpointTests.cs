using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Web;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Answers_200_when_blob_table_and_queue_storage_answer()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage);

        using var response = await app.CreateClient().GetAsync(new Uri("/api/health", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["blob", "table", "queue"], Services(body).Where(s => s.Healthy).Select(s => s.Name));
    }

    [Fact]
    public async Task The_app_creates_its_storage_at_start_so_health_turns_200_without_help()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var app = ItEvalApp.On(storage);
        var client = app.CreateClient();

        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 100 && status != HttpStatusCode.OK; attempt++)
        {
            using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
            status = response.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Answers_503_naming_table_storage_when_only_it_is_down()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var deadPort = LocalPorts.Free();
        var tableDown = System.Text.RegularExpressions.Regex.Replace(
            storage.ConnectionString, @"TableEndpoint=http://127\.0\.0\.1:\d+", $"TableEndpoint=http://127.0.0.1:{deadPort}");
        await using var app = new ItEvalApp(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = tableDown,
            ["Storage:Prefix"] = storage.Names.Prefix,
            ["Storage:MaxRetries"] = "0",
        });

        using var response = await app.CreateClient().GetAsync(new Uri("/api/health", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal(["table"], Services(body).Where(s => !s.Healthy).Select(s => s.Name));
    }

    [Fact]
    public async Task Answers_503_within_the_health_timeout_when_storage_accepts_connections_but_never_replies()
    {
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var port = ((IPEndPoint)blackHole.LocalEndpoint).Port;
        var silent = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1";
        await using var app = new ItEvalApp(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = silent,
            ["Storage:Prefix"] = TestStorage.NewPrefix(),
            ["Storage:HealthTimeout"] = "00:00:01",
        });
        var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);

        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.All(Services(body), s =>
        {
            Assert.False(s.Healthy);
            Assert.Equal("no answer within 1 s", s.Problem);
        });
    }

    private static List<(string Name, bool Healthy, string? Problem)> Services(JsonElement body) =>
        body.GetProperty("services").EnumerateArray().Select(s => (
            s.GetProperty("service").GetString()!,
            s.GetProperty("healthy").GetBoolean(),
            s.TryGetProperty("problem", out var p) ? p.GetString() : null)).ToList();
}
