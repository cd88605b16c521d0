using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using ItEval.Cycle;
using ItEval.Telemetry;
using ItEval.Tests.Infrastructure;
using ItEval.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Telemetry;

/// <summary>What an operator sees in Application Insights, observed here with the same listeners an exporter uses.</summary>
public sealed class TelemetryTests
{
    private const string Roster = "code,name,rankingGroup,district,emails\nSTTTT,Sở Thông tin và Truyền thông,so,tp,vp@stttt.gov.vn\nSXD,Sở Xây dựng,so,tp,vp@sxd.gov.vn\nHU1,Huyện ủy A,huyen,a,hu@a.gov.vn\n";

    [Fact]
    public async Task One_trace_runs_from_the_HTTP_command_through_its_work_items_and_the_counters_match_what_happened()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var deliveries = new DeliveryLog();
        await using var app = ItEvalApp.On(storage, new Dictionary<string, string?>(ApiKeys.Settings()) { ["Process:MaxAttempts"] = "2" }, services => CountingTransport.Register(services, deliveries));
        using var spans = new Spans();
        using var counters = new AppCounters(app.Services.GetRequiredService<IMeterFactory>());
        var admin = ApiKeys.Client(app, ApiKeys.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/cycles", CycleBody("otel", Roster))).StatusCode);
        var trace = ActivityTraceId.CreateRandom();
        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/cycles/otel/start");
        start.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(start)).StatusCode);
        await app.SettleAsync();
        var unit = await app.Services.GetRequiredService<CycleEngine>().QueryAsync("otel", s => s.Units.Keys.First(), CancellationToken.None);
        // The provider fails through both attempts of a new link's email, and of the admin's alert about it.
        deliveries.Outage = "SendGrid 503";
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/cycles/otel/units/{unit}/link", new { reason = "Lộ đường dẫn" })).StatusCode);
        await app.SettleAsync();
        deliveries.Outage = null;
        var refused = await app.Services.GetRequiredService<UnitUploads>()
            .UploadFormAsync("otel", unit, "phieu.xlsx", new MemoryStream("không phải tệp Excel"u8.ToArray()), CancellationToken.None);

        var work = spans.Of(trace).Where(a => a.Source.Name == ItEvalTelemetry.Name).ToList();
        Assert.Contains(spans.Of(trace), a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.Contains(work, a => a.DisplayName == "work announce");
        Assert.All(work, a => Assert.Equal("otel", a.GetTagItem("iteval.cycle")));
        Assert.Equal(deliveries.HandedOver.Count, counters.Sum("iteval.emails.sent"));
        Assert.Equal(3, deliveries.HandedOver.Count);
        Assert.True(counters.Sum("iteval.work.processed") >= work.Count, $"{counters.Sum("iteval.work.processed")} processed, {work.Count} spans");
        // Each failing item: one failed attempt retried, then recorded as failed for the admin.
        Assert.Equal((2, 2), (counters.Sum("iteval.work.retries"), counters.Sum("iteval.work.poisoned")));
        Assert.True(refused.Status >= 400);
        Assert.Equal(1, counters.Sum("iteval.uploads.refused"));
    }

    [Fact]
    public async Task With_a_connection_string_the_app_starts_with_the_exporter_and_still_answers()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        // An ingestion endpoint on a closed loopback port: nothing leaves the machine, and export failures must not reach users.
        await using var app = new ItEvalApp(ItEvalApp.Settings(storage))
        {
            EarlySettings = new Dictionary<string, string>
            {
                [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/",
            },
        };

        var health = await app.CreateClient().GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.NotNull(app.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
    }

    private static object CycleBody(string id, string rosterCsv) => new
    {
        id, year = 2026, name = "Đánh giá năm 2026", rubric = "departments-districts",
        deadline = "2026-12-15", appraisalStart = "2026-12-21", appraisalEnd = "2027-01-29", visitsPerDay = 4,
        adminEmails = new[] { "cntt@tinh.gov.vn" },
        team = new[] { new { id = "tv1", name = "Nguyễn Văn An", email = "an@tinh.gov.vn" } },
        rosterCsv,
    };

    /// <summary>Every finished span of the app and of ASP.NET Core (other tests' spans too: filter by trace).</summary>
    private sealed class Spans : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _done = new();
        private readonly ActivityListener _listener;

        public Spans()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is ItEvalTelemetry.Name or "Microsoft.AspNetCore",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _done.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IEnumerable<Activity> Of(ActivityTraceId trace) => _done.Where(a => a.TraceId == trace);

        public void Dispose() => _listener.Dispose();
    }
}
