using ItEval.Cycle;
using ItEval.Hosting;
using ItEval.Links;

namespace ItEval.Demo;

/// <summary>What <c>./run.sh --demo</c> or <c>--demo-cycle</c> asked for.</summary>
public enum DemoMode
{
    None,

    /// <summary>A demo cycle near today, already announced, to look around in.</summary>
    Load,

    /// <summary>A whole cycle on a jumping clock, to the second edition of its results.</summary>
    Cycle,

    /// <summary>The same cycle stopped in Appraising, visits assigned to a demo appraiser account it prints.</summary>
    Appraisal,
}

public static class DemoServiceCollectionExtensions
{
    /// <summary>The mode the command line asks for, and the arguments left for the host.</summary>
    public static (DemoMode Mode, string[] HostArgs) Parse(string[] args) =>
        (args.Contains("--demo-appraisal") ? DemoMode.Appraisal : args.Contains("--demo-cycle") ? DemoMode.Cycle : args.Contains("--demo") ? DemoMode.Load : DemoMode.None,
            [.. args.Where(a => a is not "--demo" and not "--demo-cycle" and not "--demo-appraisal")]);

    /// <summary>
    /// The demo cycle moves the app's clock weeks ahead, which would fire every other cycle's timers
    /// too: it runs in its own storage area (tables, containers and queues named with this prefix), so
    /// the cycles of <c>./run.sh</c> and <c>--demo</c> never see its clock.
    /// </summary>
    public static void UseDemoStorage(this IConfigurationBuilder configuration, DemoMode mode)
    {
        if (mode is DemoMode.Cycle or DemoMode.Appraisal)
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Prefix"] = mode == DemoMode.Cycle ? DemoCyclePrefix : DemoAppraisalPrefix });
        }
    }

    public const string DemoCyclePrefix = "democycle", DemoAppraisalPrefix = "demoappraisal";

    public static IServiceCollection AddItEvalDemo(this IServiceCollection services, DemoMode mode)
    {
        if (mode == DemoMode.None)
        {
            return services;
        }

        if (mode is DemoMode.Cycle or DemoMode.Appraisal)
        {
            var clock = new DemoClock();
            services.AddSingleton(clock);
            services.AddSingleton<TimeProvider>(clock);
        }

        services.AddSingleton(new DemoChoice(mode));
        services.AddHostedService<DemoService>();
        return services;
    }
}

public sealed record DemoChoice(DemoMode Mode);

/// <summary>
/// Loads the demo once the app listens, then prints where to look. Refuses to run with SendGrid
/// configured: the demo's addresses are made up, and its emails belong in the local mailbox.
/// </summary>
public sealed partial class DemoService(IServiceProvider services, DemoChoice choice, IHostApplicationLifetime lifetime, IConfiguration configuration,
    HostingOptions hosting, ILogger<DemoService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        if (!string.IsNullOrWhiteSpace(configuration["SendGrid:ApiKey"]))
        {
            Console.Error.WriteLine("The demo runs only with the local mailbox: remove SendGrid__ApiKey (its addresses are made up).");
            return;
        }

        try
        {
            var time = services.GetRequiredService<TimeProvider>();
            var year = new CycleCalendar(CycleCalendar.DefaultTimeZone).Today(time.GetUtcNow()).Year;
            var cycleId = choice.Mode == DemoMode.Cycle ? $"demo-cycle-{time.GetUtcNow():yyyyMMddHHmmss}" : $"demo-{year}";
            if (choice.Mode == DemoMode.Appraisal)
            {
                cycleId = $"demo-appraisal-{time.GetUtcNow():yyyyMMddHHmmss}";
                Console.WriteLine("Đưa một kỳ đánh giá mẫu tới giai đoạn thẩm định để tập chấm (a demo cycle up to appraisal, to rehearse)...");
                var clock = services.GetRequiredService<DemoClock>();
                await new DemoCycle(services, Console.Out, clock.MoveTo).RunAsync(cycleId, stoppingToken, untilAppraisal: true);
                await PrintAppraiserAsync(cycleId, stoppingToken);
            }
            else if (choice.Mode == DemoMode.Cycle)
            {
                Console.WriteLine("Chạy một kỳ đánh giá trọn vẹn với đồng hồ tăng tốc (A whole cycle on an accelerated clock)...");
                var clock = services.GetRequiredService<DemoClock>();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await new DemoCycle(services, Console.Out, clock.MoveTo).RunAsync(cycleId, stoppingToken);
                Console.WriteLine($"Xong trong {watch.Elapsed.TotalSeconds:F0} giây (done in {watch.Elapsed.TotalSeconds:F0} s); đồng hồ của ứng dụng nay là {clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)):dd/MM/yyyy HH:mm} (giờ Việt Nam).");
            }
            else
            {
                await LoadAsync(cycleId, stoppingToken);
            }

            await PrintWhereToLookAsync(cycleId, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDemoFailed(logger, ex);
            Console.Error.WriteLine($"The demo could not be loaded: {ex.Message}");
        }
    }

    /// <summary>The demo cycle near today, created and announced once; a second run finds it and only prints.</summary>
    private async Task LoadAsync(string cycleId, CancellationToken cancellationToken)
    {
        var engine = services.GetRequiredService<CycleEngine>();
        var time = services.GetRequiredService<TimeProvider>();
        if (!await engine.QueryAsync(cycleId, s => s.Exists, cancellationToken))
        {
            var definition = DemoRoster.Definition(cycleId, new CycleCalendar(CycleCalendar.DefaultTimeZone).Today(time.GetUtcNow()));
            await engine.HandleAsync(cycleId, new CreateCycle(definition) { By = "admin" }, cancellationToken);
            await engine.HandleAsync(cycleId, new StartCycle { By = "admin" }, cancellationToken);
        }

        // The background workers announce it; wait for them (a few seconds for 24 units).
        for (var waited = 0; waited < 600 && await engine.QueryAsync(cycleId, s => s.Phase, cancellationToken) == CyclePhase.Announcing; waited++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>The account of the team member with the most visits, created for the rehearsal; its one-time password printed.</summary>
    private async Task PrintAppraiserAsync(string cycleId, CancellationToken cancellationToken)
    {
        var engine = services.GetRequiredService<CycleEngine>();
        var member = await engine.QueryAsync(cycleId, s => s.Definition!.Team
            .OrderByDescending(m => s.Visited.Count(u => u.Visit!.TeamMemberIds.Contains(m.Id))).First(), cancellationToken);
        var visits = await engine.QueryAsync(cycleId, s => s.Visited.Count(u => u.Visit!.TeamMemberIds.Contains(member.Id)), cancellationToken);
        var accounts = services.GetRequiredService<ItEval.Accounts.AccountService>();
        var userName = "thamdinh";
        var (password, problem) = await accounts.CreateAsync(userName, member.Name, member.Email, [ItEval.Accounts.Roles.Appraiser], "demo", cancellationToken);
        var site = $"http://127.0.0.1:{hosting.Port}";
        Console.WriteLine();
        Console.WriteLine($"Tài khoản thẩm định mẫu (demo appraiser): {member.Name} <{member.Email}>, {visits} buổi thẩm định.");
        Console.WriteLine(password is not null
            ? $"  Đăng nhập {site}/sign-in — tên đăng nhập {userName}, mật khẩu lần đầu {password} (đổi khi đăng nhập lần đầu)."
            : $"  Tài khoản {userName} đã có ({problem}); dùng mật khẩu đã đặt.");
        Console.WriteLine($"  Lịch của tôi (my visits): {site}/appraisal");
    }

    private async Task PrintWhereToLookAsync(string cycleId, CancellationToken cancellationToken)
    {
        var engine = services.GetRequiredService<CycleEngine>();
        var links = services.GetRequiredService<UnitLinks>();
        var (phase, unitName, link, edition) = await engine.QueryAsync(cycleId, s => (s.Phase, s.Units["mttq"].Info.Name, links.UnitUrl(s, s.Units["mttq"]),
            s.Editions.Count > 0 ? s.Editions[^1] : null), cancellationToken);
        var site = $"http://127.0.0.1:{hosting.Port}";
        Console.WriteLine();
        Console.WriteLine($"Kỳ đánh giá mẫu «{cycleId}» ({CycleWords.Phase(phase, "vi")}):");
        Console.WriteLine($"  Bảng điều khiển (console):  {site}/console/cycles/{cycleId}   — đăng nhập: {site}/sign-in (user admin, mật khẩu lần đầu in ở trên)");
        Console.WriteLine($"  Hộp thư cục bộ (mailbox):    {site}/dev/mail");
        Console.WriteLine($"  Trang của {unitName}: {link}");
        if (phase is CyclePhase.Published or CyclePhase.Closed)
        {
            Console.WriteLine($"  Bảng xếp hạng (ranking):     {site}/console/cycles/{cycleId}/ranking");
            Console.WriteLine($"  Kết quả công khai (public):  {site}/results/{cycleId}");
            Console.WriteLine($"  Lịch sử (history):           {site}/console/cycles/{cycleId}/history");
            foreach (var file in edition?.Files ?? [])
            {
                Console.WriteLine($"  Văn bản lần {edition!.Number} (official document): {site}/results/{cycleId}/editions/{edition.Number}/{file.Name}");
            }
        }

        Console.WriteLine("Ứng dụng tiếp tục chạy; Ctrl+C để dừng. (The app keeps running; Ctrl+C stops it.)");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The demo could not be loaded")]
    private static partial void LogDemoFailed(ILogger logger, Exception exception);
}
