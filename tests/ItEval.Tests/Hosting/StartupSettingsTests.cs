using System.Diagnostics;
using ItEval.Hosting;
using ItEval.Testing;

namespace ItEval.Tests.Hosting;

/// <summary>Settings mistakes a new user makes, as the app answers them.</summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=not base64!!", "The setting AzureWebJobsStorage is not a storage connection string")]
    [InlineData("server=db;user=sa", "The setting AzureWebJobsStorage is not a storage connection string")]
    public async Task A_wrong_storage_connection_string_stops_the_app_with_one_sentence_not_a_stack_trace(string connectionString, string message)
    {
        var (code, said) = await StartAsync(new() { ["AzureWebJobsStorage"] = connectionString });

        Assert.Equal(1, code);
        Assert.Contains("ItEval cannot start: " + message, said, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", said, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Key_Vault_reference_App_Service_could_not_resolve_stops_the_app_naming_the_setting_and_the_secret()
    {
        var (code, said) = await StartAsync(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["SendGrid__ApiKey"] = "@Microsoft.KeyVault(VaultName=iteval-kv-abc;SecretName=SendGrid--ApiKey)",
        });

        Assert.Equal(1, code);
        Assert.Contains("ItEval cannot start: The setting SendGrid__ApiKey is a Key Vault reference App Service could not resolve. Store the secret 'SendGrid--ApiKey'", said, StringComparison.Ordinal);
    }

    /// <summary>Starts the built app as a process with these settings (and signing keys) and returns its exit code and output.</summary>
    private static async Task<(int Code, string Said)> StartAsync(Dictionary<string, string?> settings)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "ItEval.Functions.dll");
        var folder = Directory.CreateTempSubdirectory("iteval-start-");
        try
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.FullName, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(app);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Hosting__Port"] = "0";
            start.Environment["Durable__RunWorker"] = "false";
            start.Environment["Forms__SigningKey"] = Convert.ToBase64String(new byte[32]);
            start.Environment["Links__SigningKey"] = Convert.ToBase64String(new byte[32]);
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }

            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await errors + await output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_base_url_emailed_links_follow_the_port_the_app_runs_on()
    {
        var settings = EngineHost.SettingsFor("UseDevelopmentStorage=true", "t0");
        settings["Hosting:Port"] = "7123";
        await using var host = new EngineHost(settings, TimeProvider.System);

        var links = host.Get<ItEval.Links.UnitLinks>();
        var definition = Cycle.SampleCycles.Definition("c", 1);
        var state = ItEval.Cycle.CycleState.Fold("c", [new ItEval.Cycle.CycleCreated(definition) { At = DateTimeOffset.UnixEpoch, By = "a" }]);

        Assert.StartsWith("http://127.0.0.1:7123/u/", links.UnitUrl(state, state.Units["u0001"]), StringComparison.Ordinal);
    }
}
