using System.Collections.Concurrent;
using System.Net.Http.Headers;
using ItEval.Cycle;
using ItEval.Links;
using ItEval.Rubrics;
using ItEval.Tests.Forms;
using ItEval.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static ItEval.Tests.Cycle.SampleCycles;
using ItEval.Engine;

namespace ItEval.Tests.UnitPage;

/// <summary>
/// The real app on a test's Azurite storage with a fake clock, a started cycle whose units were
/// announced, and every log line kept, so tests can open links the way a unit does.
/// </summary>
public sealed class UnitPageHost : IAsyncDisposable
{
    public const string CycleId = "c2026";
    private const string AdminKey = "test-admin-key-0123456789";

    private UnitPageHost(TestStorage storage, FakeTimeProvider time, ItEvalApp app, ConcurrentQueue<string> logs)
    {
        Storage = storage;
        Time = time;
        App = app;
        Logs = logs;
    }

    public TestStorage Storage { get; }
    public FakeTimeProvider Time { get; }
    public ItEvalApp App { get; }
    /// <summary>Every log message the app wrote, at the levels its shipped settings keep.</summary>
    public ConcurrentQueue<string> Logs { get; }
    public CycleEngine Engine => App.Services.GetRequiredService<CycleEngine>();
    public UnitLinks Links => App.Services.GetRequiredService<UnitLinks>();
    public Rubric Rubric { get; } = BuiltInRubrics.Load(BuiltInRubrics.DepartmentsAndDistricts);

    /// <summary>A started cycle of <paramref name="units"/> units at 1 Dec 2026 (deadline 15 Dec), announced.</summary>
    public static async Task<UnitPageHost> StartAsync(int units = 3, IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false,
        Action<IServiceCollection>? services = null)
    {
        var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var time = new FakeTimeProvider(Vn(2026, 12, 1));
        var logs = new ConcurrentQueue<string>();
        var all = new Dictionary<string, string?>
        {
            ["Auth:Keys:0:Name"] = "cntt-admin",
            ["Auth:Keys:0:Role"] = ItEval.Accounts.Roles.Admin,
            ["Auth:Keys:0:Sha256"] = ItEval.Web.ApiKeyAuthenticationHandler.Hash(AdminKey),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new ItEvalApp(new Dictionary<string, string?>(all)
        {
            [ItEval.Storage.StorageConnection.SettingName] = storage.ConnectionString,
            ["Storage:Prefix"] = storage.Names.Prefix,
        })
        {
            EarlySettings = kestrel ? new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:0" } : new Dictionary<string, string>(),
            TestServices = collection =>
            {
                collection.AddSingleton<TimeProvider>(time);
                collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CollectingLoggerProvider(logs)));
                services?.Invoke(collection);
            },
        };
        if (kestrel)
        {
            app.UseKestrel(0);
            app.StartServer();
        }

        var host = new UnitPageHost(storage, time, app, logs);
        await host.Engine.HandleAsync(CycleId, new CreateCycle(Definition(CycleId, units)) { By = "admin" }, CancellationToken.None);
        await host.Engine.HandleAsync(CycleId, new StartCycle { By = "admin" }, CancellationToken.None);
        await host.SettleAsync();
        return host;
    }

    /// <summary>The address of the Kestrel server (browser tests).</summary>
    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public HttpClient Client(bool followRedirects = false) => App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });

    public HttpClient Admin()
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>Lets the cycle's orchestration fire what the clock made due and run its work, until it waits again.</summary>
    public Task SettleAsync() => App.SettleAsync();

    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        Time.SetUtcNow(at);
        await SettleAsync();
    }

    public Task<T> Query<T>(Func<CycleState, T> read) => Engine.QueryAsync(CycleId, read, CancellationToken.None);

    /// <summary>
    /// Past the deadline (visits planned for the units that submitted), then, when <paramref name="appraise"/>,
    /// those units appraised as they assessed themselves, appraisal closed, ranked and published (edition 1).
    /// </summary>
    public async Task PublishAsync(bool appraise = true)
    {
        await AdvanceToAsync(Vn(2026, 12, 16, 9));
        if (!appraise)
        {
            return;
        }

        foreach (var (unit, self) in await Query(s => s.Visited.Select(u => (u.Info.Id, u.SelfScores)).ToList()))
        {
            var scores = self.Select(p => new ItEval.Ranking.AppraisedScore(p.Key, p.Value, null, "tv1", Time.GetUtcNow())).ToList();
            Assert.Null((await Engine.HandleAsync(CycleId, new RecordAppraisal(unit, scores) { By = "tv1" }, CancellationToken.None)).Refusal);
        }

        Assert.Null((await Engine.HandleAsync(CycleId, new CloseAppraisal("Đủ") { By = "admin" }, CancellationToken.None)).Refusal);
        await SettleAsync();
        Assert.Null((await Engine.HandleAsync(CycleId, new PublishResults { By = "admin" }, CancellationToken.None)).Refusal);
        await SettleAsync();
    }

    /// <summary>Each unit sends a valid form through its own link.</summary>
    public async Task SubmitAsync(params string[] units)
    {
        foreach (var unit in units)
        {
            var link = await TokenAsync(unit);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await PostJsonAsync($"/u/{link}/form", File(await FilledFormAsync(link), "phieu.xlsx"))).StatusCode);
        }
    }

    /// <summary>The token of the unit's current link, as its email carries it.</summary>
    public async Task<string> TokenAsync(string unitId) =>
        (await Query(s => Links.UnitUrl(s, s.Units[unitId]))).Split("/u/")[1];

    /// <summary>The unit's form, downloaded through its link and filled the way a unit would.</summary>
    public async Task<byte[]> FilledFormAsync(string token, string explanation = "")
    {
        var blank = await Client().GetByteArrayAsync(new Uri($"/u/{token}/form", UriKind.Relative));
        var answers = FormKit.TypicalAnswers(Rubric).ToDictionary(a => a.Key, a => (a.Value.Answer, a.Value.Explanation + explanation));
        return FormKit.Fill(blank, answers);
    }

    /// <summary>The same form with a word where the first criterion's answer goes; returns the cell at fault.</summary>
    public static (byte[] Form, string Cell) Spoil(byte[] form, Rubric rubric)
    {
        var code = rubric.Leaves.First().Code;
        var cell = "";
        var spoiled = FormKit.Edit(form, sheet =>
        {
            var row = FormKit.RowOf(sheet, code);
            FormKit.Set(row, "E", "không biết");
            cell = $"E{row.RowIndex}";
        });
        return (spoiled, cell);
    }

    /// <summary>Posts the way the page's script does: asking for JSON.</summary>
    public async Task<HttpResponseMessage> PostJsonAsync(string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        return await Client().SendAsync(request);
    }

    public static MultipartFormDataContent File(byte[] bytes, string name, params (string Key, string Value)[] fields)
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        return content;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Storage.DisposeAsync();
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, logs);

        public void Dispose()
        {
        }

        private sealed class Collector(string category, ConcurrentQueue<string> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
