using Azure.Data.Tables;
using ItEval.Cycle;
using ItEval.Email;
using ItEval.Rubrics;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using ItEval.Engine;

namespace ItEval.Tests.Cycle;

/// <summary>
/// One engine instance (the app's own registrations) on a test's Azurite storage with a fake clock.
/// <see cref="RestartAsync"/> gives a fresh instance on the same storage: nothing in memory survives.
/// </summary>
public sealed class CycleHarness : IAsyncDisposable
{
    private readonly EngineHost _host;

    private CycleHarness(TestStorage storage, FakeTimeProvider time, IReadOnlyDictionary<string, string?> settings, DeliveryLog deliveries)
    {
        Storage = storage;
        Time = time;
        Deliveries = deliveries;
        _host = new EngineHost(settings, time, services => CountingTransport.Register(services, deliveries));
        // Short, so a test that simulates a dead worker waits little for its message to reappear; renewed while items run.
        Pump.Visibility = Visibility;
    }

    /// <summary>The queue visibility of the harness's pump; a crashed item reappears after it.</summary>
    public static readonly TimeSpan Visibility = TimeSpan.FromSeconds(1);

    /// <summary>Every email handed to the provider by any instance on this storage (shared across restarts).</summary>
    public DeliveryLog Deliveries { get; }

    public TestStorage Storage { get; }
    public FakeTimeProvider Time { get; }
    public IReadOnlyDictionary<string, string?> Settings => _host.Settings;
    public CycleEngine Engine => _host.Get<CycleEngine>();
    public WorkPump Pump => _host.Get<WorkPump>();
    public TimerSweep Sweep => _host.Get<TimerSweep>();
    public OutboxMailer Mailer => _host.Get<OutboxMailer>();
    public EngineSteps Steps => _host.Get<EngineSteps>();
    public T Get<T>() where T : notnull => _host.Get<T>();

    public static async Task<CycleHarness> StartAsync(TestStorage storage, DateTimeOffset now, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = EngineHost.SettingsFor(storage.ConnectionString, storage.Names.Prefix);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        return new CycleHarness(storage, new FakeTimeProvider(now), settings, new DeliveryLog());
    }

    /// <summary>A new instance on the same storage, clock, keys and email provider: what a process restart leaves.</summary>
    public CycleHarness Restart() => new(Storage, Time, Settings, Deliveries);

    public Task<CommandResult> Do(string cycleId, CycleCommand command) => Engine.HandleAsync(cycleId, command, CancellationToken.None);

    public Task<T> Query<T>(string cycleId, Func<CycleState, T> read) => Engine.QueryAsync(cycleId, read, CancellationToken.None);

    /// <summary>Sweeps timers and runs queued work until nothing is left.</summary>
    public async Task SettleAsync()
    {
        do
        {
            await Sweep.SweepAsync(CancellationToken.None);
        }
        while (await Pump.DrainAsync(CancellationToken.None) > 0);
    }

    /// <summary>Moves the clock to <paramref name="at"/> and lets the timers fire.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        if (at > Time.GetUtcNow())
        {
            Time.SetUtcNow(at);
        }

        await SettleAsync();
    }

    /// <summary>Sent emails of a cycle as (kind, unit, key), from the outbox.</summary>
    public async Task<List<(string Kind, string Unit, string Key)>> SentAsync(string cycleId)
    {
        var rows = await Mailer.ListAsync(cycleId, CancellationToken.None);
        return [.. rows.Where(r => r.GetString("Status") == "sent").Select(r => r.RowKey.Split('~')).Select(p => (p[2], p[1], p[3]))];
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>Cycle definitions for tests: units across two ranking groups and several districts.</summary>
public static class SampleCycles
{
    public static readonly DateOnly Deadline = new(2026, 12, 15);

    public static CycleDefinition Definition(string id, int units, int visitsPerDay = 4, DateOnly? appraisalEnd = null)
    {
        var rubric = RubricSnapshot.Of(BuiltInRubrics.Load(BuiltInRubrics.DepartmentsAndDistricts));
        return new CycleDefinition(
            id, 2026, "Đánh giá, xếp hạng mức độ ứng dụng CNTT năm 2026", CycleCalendar.DefaultTimeZone, rubric.Json, rubric.Sha256,
            ItEval.Ranking.ScoringMethod.Points, ItEval.Ranking.UnappraisedPolicy.UseSelfScore, ItEval.Ranking.NotSubmittedPolicy.RankLastWithZero,
            [], Deadline, CycleDefinition.DefaultReminderDays, new DateOnly(2026, 12, 21), appraisalEnd ?? new DateOnly(2027, 1, 29), visitsPerDay,
            [new DateOnly(2027, 1, 1)], ["cntt@tinh.gov.vn"],
            [new TeamMember("tv1", "Nguyễn Văn An", "an@tinh.gov.vn"), new TeamMember("tv2", "Trần Thị Bình", "binh@tinh.gov.vn")],
            [.. Enumerable.Range(1, units).Select(i => new UnitInfo(
                $"u{i:D4}", $"U{i:D4}", $"Đơn vị số {i}", i % 3 == 0 ? "huyen" : "so", $"d{i % 5}", [$"u{i:D4}@tinh.gov.vn"]))]);
    }

    /// <summary>A complete, valid self-assessment: about 80 % of every criterion.</summary>
    public static IReadOnlyDictionary<string, decimal> SelfScores(Rubric rubric, int seed = 0) =>
        rubric.Leaves.ToDictionary(l => l.Code, l => Math.Round(l.MaxPoints * (0.6m + (seed % 5) * 0.1m), 2));

    /// <summary>Local time in Vietnam (UTC+7) as a UTC instant.</summary>
    public static DateTimeOffset Vn(int year, int month, int day, int hour = 9, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime();
}
