using Azure.Data.Tables;
using ItEval.Cycle;
using ItEval.Email;
using ItEval.Rubrics;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using ItEval.Engine;
using ItEval.Cycle.Process;

namespace ItEval.Tests.Cycle;

/// <summary>
/// One instance of the app's engine and its orchestration worker (the app's own registrations) on a test's
/// Azurite storage with a fake clock. <see cref="Restart"/> gives a fresh instance on the same storage and
/// task hub: nothing in memory survives. A test can make the instance die at an engine step
/// (<see cref="CrashHere"/>): the code there stops, <see cref="Crashed"/> completes, and when the instance is
/// disposed its worker stops and the activity it was running is abandoned, to run again on the next instance.
/// </summary>
public sealed class CycleHarness : IAsyncDisposable
{
    private readonly EngineHost _host;
    private readonly TaskCompletionSource _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CycleHarness(TestStorage storage, FakeTimeProvider time, IReadOnlyDictionary<string, string?> settings, DeliveryLog deliveries)
    {
        Storage = storage;
        Time = time;
        Deliveries = deliveries;
        _host = new EngineHost(settings, time, services => CountingTransport.Register(services, deliveries));
    }

    /// <summary>Every email handed to the provider by any instance on this storage (shared across restarts).</summary>
    public DeliveryLog Deliveries { get; }

    public TestStorage Storage { get; }
    public FakeTimeProvider Time { get; }
    public IReadOnlyDictionary<string, string?> Settings => _host.Settings;
    public CycleEngine Engine => _host.Get<CycleEngine>();
    public CycleProcessClient Process => _host.Get<CycleProcessClient>();
    public OutboxMailer Mailer => _host.Get<OutboxMailer>();
    public EngineSteps Steps => _host.Get<EngineSteps>();
    public T Get<T>() where T : notnull => _host.Get<T>();

    /// <summary>Completes when code of this instance reached a step where the test made it die.</summary>
    public Task Crashed => _crashed.Task;

    /// <param name="worker">False: no orchestration worker in this instance until the test starts one (or settles).</param>
    public static async Task<CycleHarness> StartAsync(TestStorage storage, DateTimeOffset now, IReadOnlyDictionary<string, string?>? extra = null, bool worker = true)
    {
        var settings = EngineHost.SettingsFor(storage.ConnectionString, storage.Names.Prefix);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var harness = new CycleHarness(storage, new FakeTimeProvider(now), settings, new DeliveryLog());
        if (worker)
        {
            await harness.StartWorkerAsync();
        }

        return harness;
    }

    /// <summary>A new instance on the same storage, clock, keys and email provider: what a process restart leaves.</summary>
    public CycleHarness Restart() => new(Storage, Time, Settings, Deliveries);

    public Task StartWorkerAsync() => _host.StartWorkerAsync();

    /// <summary>
    /// For an <see cref="EngineSteps.OnStep"/> hook: this instance dies here. The code that reached the step
    /// never goes on; once the instance is disposed it ends as an aborted activity (the message goes back to
    /// the queue), which is how a killed process's activity looks to the task hub.
    /// </summary>
    public async Task CrashHere()
    {
        _crashed.TrySetResult();
        await _disposed.Task;
        throw new DurableTask.Core.Exceptions.SessionAbortedException("simulated crash");
    }

    public Task<CommandResult> Do(string cycleId, CycleCommand command) => Engine.HandleAsync(cycleId, command, CancellationToken.None);

    public Task<T> Query<T>(string cycleId, Func<CycleState, T> read) => Engine.QueryAsync(cycleId, read, CancellationToken.None);

    /// <summary>
    /// Lets every active cycle's orchestration fire what the clock made due and run its work until it waits
    /// again; throws <see cref="SimulatedCrashException"/> if this instance died meanwhile.
    /// </summary>
    public async Task SettleAsync()
    {
        var settled = _host.SettleAsync();
        if (await Task.WhenAny(settled, Crashed) == Crashed)
        {
            _ = settled.ContinueWith(t => t.Exception, TaskScheduler.Default);
            throw new SimulatedCrashException("settle");
        }

        await settled;
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

    /// <summary>Stops the worker first (so it takes nothing more), then lets code stopped at a crash end as aborted.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.Get<ItEval.Durable.StandaloneTaskHub>().StopAsync(CancellationToken.None);
        _disposed.TrySetResult();
        await _host.DisposeAsync();
    }
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
                $"u{i:D4}", $"U{i:D4}", $"Đơn vị số {i}", i % 3 == 0 ? "huyen" : "so", $"d{i % 5}", [$"u{i:D4}@tinh.gov.vn"],
                Phone: i == 1 ? "(0263) 3822 001" : null))],
            DocumentHeader: Header);
    }

    /// <summary>A complete header of a provincial department (what an admin writes before publishing).</summary>
    public static readonly DocumentHeader Header = DocumentHeader.State with
    {
        ParentAgency = "Ủy ban nhân dân tỉnh Lâm Đồng", Place = "Lâm Đồng", SignerName = "Nguyễn Văn Minh",
    };

    /// <summary>A complete, valid self-assessment: about 80 % of every criterion.</summary>
    public static IReadOnlyDictionary<string, decimal> SelfScores(Rubric rubric, int seed = 0) =>
        rubric.Leaves.ToDictionary(l => l.Code, l => Math.Round(l.MaxPoints * (0.6m + (seed % 5) * 0.1m), 2));

    /// <summary>Local time in Vietnam (UTC+7) as a UTC instant.</summary>
    public static DateTimeOffset Vn(int year, int month, int day, int hour = 9, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime();
}
