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
    public static ItEvalApp On(TestStorage storage, IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
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

        return new ItEvalApp(settings) { TestServices = services };
    }

    /// <summary>Secrets a test app needs; fresh random keys for every app.</summary>
    private static Dictionary<string, string?> Secrets() => new()
    {
        ["Forms:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Links:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        // Tests drive the queue and the timers themselves.
        ["Hosting:BackgroundWorkers"] = "false",
    };

    /// <summary>Settings the app must see while it is composed (e.g. the hosting mode), not only once built.</summary>
    public IReadOnlyDictionary<string, string> EarlySettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Registrations that replace the app's for a test, e.g. a fake clock or a log collector.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(FunctionsConventions.TestingEnvironment);
        foreach (var (key, value) in EarlySettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Secrets()).AddInMemoryCollection(settings));
        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
    }
}
