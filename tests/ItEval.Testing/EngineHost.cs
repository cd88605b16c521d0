using System.Security.Cryptography;
using ItEval.Cycle;
using ItEval.Forms;
using ItEval.Hosting;
using ItEval.Publication;
using ItEval.Storage;
using ItEval.Telemetry;
using ItEval.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ItEval.Testing;

/// <summary>
/// The engine (and the unit page's services) composed with the app's own registrations (no web host, no hosted services: the
/// orchestration worker starts when asked) on a given storage account and clock. A second host on the same settings is a second instance.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="replace">Registrations that replace the app's, e.g. a transport that counts what reaches the email provider.</param>
    public EngineHost(IReadOnlyDictionary<string, string?> settings, TimeProvider time, Action<IServiceCollection>? replace = null)
    {
        Settings = settings;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(time);
        services.AddSingleton(HostingOptions.From(configuration));
        services.AddItEvalTelemetry(configuration);
        services.AddItEvalStorage(configuration);
        services.AddItEvalForms(configuration);
        services.AddItEvalCycles(configuration);
        services.AddItEvalProcessHost(HostingMode.Standalone);
        services.AddItEvalPublication();
        services.AddItEvalUnitPage(configuration);
        replace?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The host's services, for code that takes a service provider (e.g. the demo cycle).</summary>
    public IServiceProvider Services => _services;

    /// <summary>Settings for an engine on <paramref name="connectionString"/> under its own prefix, with fresh random keys.</summary>
    public static Dictionary<string, string?> SettingsFor(string connectionString, string prefix)
    {
        var settings = TestProcess.Settings();
        settings[StorageConnection.SettingName] = connectionString;
        settings["Storage:Prefix"] = prefix;
        settings["Storage:MaxRetries"] = "2";
        settings["Forms:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Links:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return settings;
    }

    /// <summary>Starts this instance's orchestration worker (a host without hosted services does not start it by itself).</summary>
    public Task StartWorkerAsync() => TestProcess.StartWorkerAsync(_services);

    /// <summary>Lets every active cycle's process catch up (see <see cref="TestProcess.SettleAsync"/>).</summary>
    public Task SettleAsync(string? cycleId = null, TimeSpan? timeout = null) => TestProcess.SettleAsync(_services, cycleId, timeout);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
