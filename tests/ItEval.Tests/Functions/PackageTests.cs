using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using ItEval.Tests.Infrastructure;
using ItEval.Engine;

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

/// <summary>The zip for Azure Functions zip deploy: exactly what the host needs, at the zip's root, and it runs.</summary>
public sealed class PackageTests(PublishedPackage package) : IClassFixture<PublishedPackage>
{
    [Fact]
    public void The_zip_holds_host_json_the_function_folders_and_the_self_contained_app_and_nothing_else()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName, StringComparer.Ordinal);
        using var host = JsonDocument.Parse(entries["host.json"].Open());
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

        // The host starts this file directly: it must be there, at the root, and executable.
        Assert.NotEqual(0, (entries[executable].ExternalAttributes >> 16) & 0b001_001_001);
        Assert.Contains("Http/function.json", entries.Keys);
        Assert.Contains("WorkQueue/function.json", entries.Keys);
        Assert.Contains("TimerSweep/function.json", entries.Keys);
        Assert.Contains("ItEval.Functions.dll", entries.Keys);
        Assert.Contains("Rubrics/BuiltIn/departments-districts.json", entries.Keys);
        // Self-contained linux-x64: the runtime travels with the app.
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
            || name.Contains(".azurite", StringComparison.Ordinal)).ToList();
        Assert.Empty(unwanted);
        Assert.All(entries.Keys, name => Assert.False(name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal), name));
    }

    [Fact]
    public async Task The_packaged_binary_serves_standalone_and_answers_the_host_s_invocations_as_a_custom_handler()
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

        // As the Functions host starts it: the port in FUNCTIONS_CUSTOMHANDLER_PORT, invocations posted to /{function}.
        var handlerPort = LocalPorts.Free();
        using var handler = new RunningApp(package.Unpacked, new(common)
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = Text(handlerPort),
            ["WorkQueueName"] = storage.Names.WorkQueue,
        });
        await handler.UntilAnswersAsync(new Uri($"http://127.0.0.1:{handlerPort}/api/health"));
        using var client = new HttpClient();
        var sweep = await client.PostAsync(new Uri($"http://127.0.0.1:{handlerPort}/TimerSweep"),
            new StringContent("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"TimerSweep"}}}""", System.Text.Encoding.UTF8, "application/json"));
        using var answer = JsonDocument.Parse(await sweep.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        Assert.Equal("swept 0 cycles", answer.RootElement.GetProperty("Logs")[0].GetString());
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
