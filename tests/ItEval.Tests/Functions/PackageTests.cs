using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using ItEval.Cycle.Process;
using Microsoft.Extensions.DependencyInjection;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Functions;

/// <summary>./publish.sh, run once for these tests (it takes about 15 s).</summary>
public sealed class PublishedPackage : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("iteval-publish-");

    public string ZipPath => Path.Combine(_folder.FullName, "iteval.zip");

    /// <summary>The zip unpacked, as run-from-package mounts it.</summary>
    public string Unpacked => Path.Combine(_folder.FullName, "app");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot.Find(), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("./publish.sh");
        start.ArgumentList.Add(ZipPath);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await output + await errors);
        ZipFile.ExtractToDirectory(ZipPath, Unpacked);
    }

    public Task DisposeAsync()
    {
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The zip for Azure Functions zip deploy: a standard isolated-worker app (host.json, functions.metadata,
/// the worker's extensions, worker.config.json and the self-contained app) at the zip's root, nothing
/// else; every trigger the app needs is in the metadata with its settings; and the binary runs by itself.
/// </summary>
public sealed class PackageTests(PublishedPackage package) : IClassFixture<PublishedPackage>
{
    [Fact]
    public void The_zip_holds_an_isolated_worker_app_and_nothing_else()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName, StringComparer.Ordinal);
        using var host = JsonDocument.Parse(entries["host.json"].Open());
        using var worker = JsonDocument.Parse(entries["worker.config.json"].Open());
        using var extensions = JsonDocument.Parse(entries["extensions.json"].Open());
        var description = worker.RootElement.GetProperty("description");

        Assert.False(host.RootElement.TryGetProperty("customHandler", out _));
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("%Durable__TaskHub%", host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString());
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        // Self-contained: the host starts the app itself, which must be there, at the root, and executable.
        Assert.Equal("{WorkerRoot}ItEval.Functions", description.GetProperty("defaultExecutablePath").GetString());
        Assert.NotEqual(0, (entries["ItEval.Functions"].ExternalAttributes >> 16) & 0b001_001_001);
        Assert.Contains(extensions.RootElement.GetProperty("extensions").EnumerateArray(), e => e.GetProperty("name").GetString() == "DurableTask");
        Assert.Contains("functions.metadata", entries.Keys);
        Assert.Contains(entries.Keys, name => name.StartsWith(".azurefunctions/", StringComparison.Ordinal));
        Assert.Contains("ItEval.Functions.dll", entries.Keys);
        Assert.Contains("Rubrics/BuiltIn/departments-districts.json", entries.Keys);
        Assert.Contains("libcoreclr.so", entries.Keys);
        using var runtimeConfig = JsonDocument.Parse(entries["ItEval.Functions.runtimeconfig.json"].Open());
        Assert.True(runtimeConfig.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _));
        // Nothing else: no settings or keys from a developer's machine, no tests, no symbol files, no build folders.
        var unwanted = entries.Keys.Where(name =>
            name.Contains("local.settings", StringComparison.OrdinalIgnoreCase)
            || name.Contains(".dev-admin", StringComparison.Ordinal)
            || name.Contains("Development.json", StringComparison.Ordinal)
            || name.Contains("Test", StringComparison.Ordinal)
            || name.Contains("xunit", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Playwright", StringComparison.Ordinal)
            || name.EndsWith(".pdb", StringComparison.Ordinal)
            || name.StartsWith("obj/", StringComparison.Ordinal) || name.StartsWith("bin/", StringComparison.Ordinal)
            || name.EndsWith("function.json", StringComparison.Ordinal)
            || name.Contains(".azurite", StringComparison.Ordinal)).ToList();
        Assert.Empty(unwanted);
        Assert.All(entries.Keys, name => Assert.False(name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal), name));
    }

    [Fact]
    public async Task Functions_metadata_has_every_trigger_the_app_needs_with_its_binding_settings()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var app = ItEvalApp.On(storage);
        var mapped = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).ToHashSet();
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Unpacked, "functions.metadata")));
        var functions = metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("bindings").EnumerateArray().ToList(), StringComparer.Ordinal);
        JsonElement Trigger(string name) => Assert.Single(functions[name], b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        bool HasDurableClient(string name) => functions[name].Any(b => b.GetProperty("type").GetString() == "durableClient");

        // One HTTP function for every path and every method the app maps; it hands the app the Durable client.
        var http = Trigger("http");
        Assert.Equal(("httpTrigger", "{*path}", "Anonymous"), (http.GetProperty("type").GetString(), http.GetProperty("route").GetString(), http.GetProperty("authLevel").GetString()));
        var methods = http.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToHashSet();
        Assert.Contains("POST", mapped);
        Assert.Contains("HEAD", methods);
        Assert.True(mapped.IsSubsetOf(methods), $"the app maps {string.Join(", ", mapped.Except(methods))} which the HTTP function does not take");
        Assert.True(HasDurableClient("http"));
        // The housekeeping timers.
        Assert.Equal(("timerTrigger", "0 */10 * * * *", true), (Trigger("process-guard").GetProperty("type").GetString(), Trigger("process-guard").GetProperty("schedule").GetString(), Trigger("process-guard").GetProperty("runOnStartup").GetBoolean()));
        Assert.Equal(("timerTrigger", "0 5 * * * *"), (Trigger("yearly-draft").GetProperty("type").GetString(), Trigger("yearly-draft").GetProperty("schedule").GetString()));
        Assert.True(HasDurableClient("process-guard") && HasDurableClient("yearly-draft"));
        // The orchestrations and activities are exactly those the standalone host registers, under the same names.
        var catalog = new ItEval.Durable.DurableCatalog().AddCycleProcess();
        Assert.Equal(catalog.Orchestrators.Order(StringComparer.Ordinal),
            functions.Keys.Where(n => Trigger(n).GetProperty("type").GetString() == "orchestrationTrigger").Order(StringComparer.Ordinal));
        Assert.Equal(catalog.Activities.Order(StringComparer.Ordinal),
            functions.Keys.Where(n => Trigger(n).GetProperty("type").GetString() == "activityTrigger").Order(StringComparer.Ordinal));
        Assert.Equal(3 + catalog.Orchestrators.Count + catalog.Activities.Count, functions.Count);
    }

    [Fact]
    public async Task The_packaged_binary_serves_standalone()
    {
        await using var storage = await TestStorage.CreateAsync();
        var common = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Storage__Prefix"] = storage.Names.Prefix,
            ["Forms__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Links__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };

        // Standalone, as in a container built from it (ASPNETCORE_HTTP_PORTS, as .NET container images set it).
        var standalonePort = LocalPorts.Free();
        using (var standalone = new RunningApp(package.Unpacked, new(common) { ["ASPNETCORE_HTTP_PORTS"] = Text(standalonePort) }))
        {
            var health = await standalone.UntilAnswersAsync(new Uri($"http://127.0.0.1:{standalonePort}/api/health"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The packaged binary as a process; killed when disposed, so a failed assertion never leaves it running.</summary>
    private sealed class RunningApp : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _said = new();

        public RunningApp(string folder, Dictionary<string, string> environment)
        {
            var start = new ProcessStartInfo(Path.Combine(folder, "ItEval.Functions"))
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) => { lock (_said) { _said.AppendLine(e.Data); } };
            _process.ErrorDataReceived += (_, e) => { lock (_said) { _said.AppendLine(e.Data); } };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>Polls until the app answers (it starts in a second or two), failing if it exits first.</summary>
        public async Task<HttpResponseMessage> UntilAnswersAsync(Uri uri)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var until = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(_process.HasExited, $"the app exited: {_said}");
                try
                {
                    return await client.GetAsync(uri);
                }
                catch (HttpRequestException) when (DateTime.UtcNow < until)
                {
                    // Not listening yet: a real process, polled for at most a minute.
                    await Task.Delay(200);
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }
    }
}
