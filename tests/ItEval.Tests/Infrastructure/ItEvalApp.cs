using Microsoft.AspNetCore.Builder;
using ItEval.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Infrastructure;

/// <summary>
/// The real app, hosted in memory, with the settings a test gives it (for example its own storage
/// prefix). Nothing is mocked: storage is the test Azurite, or a deliberately broken endpoint.
/// </summary>
public sealed class ItEvalApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public static ItEvalApp On(TestStorage storage, IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null) =>
        new(Settings(storage, extra)) { TestServices = services };

    /// <summary>Settings for an app on the test's storage, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Settings(TestStorage storage, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [ItEval.Storage.StorageConnection.SettingName] = storage.ConnectionString,
            ["Storage:Prefix"] = storage.Names.Prefix,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Secrets a test app needs; fresh random keys for every app.</summary>
    private static Dictionary<string, string?> Secrets()
    {
        // The orchestration worker starts when the test first settles a cycle (TestProcess).
        var settings = TestProcess.Settings();
        settings["Forms:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        settings["Links:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return settings;
    }

    /// <summary>Lets every active cycle's process catch up with the record and the test's clock.</summary>
    public Task SettleAsync(string? cycleId = null) => TestProcess.SettleAsync(Services, cycleId);

    /// <summary>The hosting environment; Testing keeps a developer's local.settings.json out.</summary>
    public string Environment { get; init; } = FunctionsConventions.TestingEnvironment;

    /// <summary>Settings the app must see while it is composed (e.g. the hosting mode), not only once built.</summary>
    public IReadOnlyDictionary<string, string> EarlySettings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The address requests come from. The in-memory server leaves it unset; the app sees a client on
    /// this machine talking to an app on this machine (as with ./run.sh) unless a test says otherwise.
    /// </summary>
    public System.Net.IPAddress ClientAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>
    /// The app's clock: fixed at 1 December 2026, 08:00 in Vietnam, where the sample cycles' dates make
    /// sense (never the real date, which would turn tests with fixed dates into time bombs).
    /// </summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; init; } = new(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));

    /// <summary>Registrations that replace the app's for a test, e.g. a fake clock or a log collector.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in EarlySettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Secrets()).AddInMemoryCollection(settings));
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new ClientAddressFilter(ClientAddress)));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
    }

    private sealed class ClientAddressFilter(System.Net.IPAddress client) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, following) =>
            {
                http.Connection.RemoteIpAddress ??= client;
                http.Connection.LocalIpAddress ??= System.Net.IPAddress.Loopback;
                await following(http);
            });
            next(app);
        };
    }
}
