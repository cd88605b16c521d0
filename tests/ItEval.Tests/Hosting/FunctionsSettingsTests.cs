using ItEval.Hosting;
using ItEval.Storage;

namespace ItEval.Tests.Hosting;

public sealed class FunctionsSettingsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("iteval-settings-");

    [Fact]
    public void Values_from_local_settings_bind_to_options_with_double_underscore_nesting()
    {
        WriteSettings("""
            {
              "IsEncrypted": false,
              "Values": {
                "AzureWebJobsStorage": "UseDevelopmentStorage=true",
                "Storage__Prefix": "dev2026",
                "Storage__MaxRetries": 5,
                "Hosting__Port": "7080"
              },
              "ConnectionStrings": { "Reports": "Server=x" }
            }
            """);

        var configuration = new ConfigurationBuilder().AddFunctionsSettings(_folder.FullName).Build();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()!;

        Assert.Equal("UseDevelopmentStorage=true", configuration[StorageConnection.SettingName]);
        Assert.Equal("dev2026", storage.Prefix);
        Assert.Equal(5, storage.MaxRetries);
        Assert.Equal(7080, HostingOptions.From(configuration).Port);
        Assert.Equal("Server=x", configuration.GetConnectionString("Reports"));
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        // A key of this test's own, so tests running in parallel never see each other's variables.
        var key = "ItEvalTest" + Guid.NewGuid().ToString("N")[..8];
        WriteSettings($$"""{ "Values": { "{{key}}__Nested": "from-file", "{{key}}__Other": "file-only" } }""");
        Environment.SetEnvironmentVariable($"{key}__Nested", "from-environment");
        try
        {
            var configuration = new ConfigurationBuilder().AddFunctionsSettings(_folder.FullName).Build();

            Assert.Equal("from-environment", configuration[$"{key}:Nested"]);
            Assert.Equal("file-only", configuration[$"{key}:Other"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{key}__Nested", null);
        }
    }

    [Fact]
    public void A_missing_file_is_fine_and_defaults_apply()
    {
        var configuration = new ConfigurationBuilder().AddFunctionsSettings(_folder.FullName).Build();
        var hosting = HostingOptions.From(configuration);

        Assert.Equal(HostingMode.Standalone, hosting.Mode);
        Assert.Equal(7071, hosting.Port);
    }

    [Fact]
    public void The_Functions_hosts_endpoint_switches_to_isolated_worker_mode()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(HostingOptions.FunctionsHostEndpoint, "http://127.0.0.1:41234/")])
            .Build();

        Assert.Equal(HostingMode.FunctionsWorker, HostingOptions.From(configuration).Mode);
        Assert.True(HostingOptions.StartedByFunctionsHost(["--host", "127.0.0.1", "--functions-uri", "http://127.0.0.1:41234/"]));
        Assert.False(HostingOptions.StartedByFunctionsHost(["--demo"]));
    }

    [Fact]
    public void A_broken_settings_file_is_reported_with_what_to_do()
    {
        WriteSettings("""{ "Values": { "A": "1", """);

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddFunctionsSettings(_folder.FullName).Build());

        Assert.Contains("local.settings.json is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("local.settings.sample.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_storage_setting_gives_a_sentence_that_says_what_to_set()
    {
        var configuration = new ConfigurationBuilder().Build();

        var error = Assert.Throws<StorageSettingException>(() => StorageConnection.From(configuration));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_name_alone_selects_managed_identity()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("AzureWebJobsStorage:accountName", "itevalprod")])
            .Build();

        var connection = StorageConnection.From(configuration);
        var blobs = connection.CreateBlobServiceClient(new StorageOptions());

        Assert.True(connection.UsesManagedIdentity);
        Assert.Equal("https://itevalprod.blob.core.windows.net/", blobs.Uri.ToString());
    }

    [Fact]
    public void The_sample_settings_file_is_valid_and_points_at_the_emulator()
    {
        var configuration = new ConfigurationBuilder()
            .Add(new LocalSettingsConfigurationSource(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")))
            .Build();

        Assert.Equal("UseDevelopmentStorage=true", configuration[StorageConnection.SettingName]);
        // Empty optional settings (no key rotation in progress) bind as "not set".
        var links = configuration.GetSection(ItEval.Links.UnitLinkOptions.Section).Get<ItEval.Links.UnitLinkOptions>()!;
        Assert.Equal((null, ""), (links.PreviousKeyValidUntil, links.PreviousSigningKey));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private void WriteSettings(string json) => File.WriteAllText(Path.Combine(_folder.FullName, "local.settings.json"), json);
}
