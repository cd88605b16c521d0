using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace ItEval.Tests.Functions;

/// <summary>./publish.sh builds the zip for Azure Functions zip deploy: exactly what the host needs, at the zip's root.</summary>
public sealed class PackageTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("iteval-publish-");

    [Fact]
    public async Task Publish_builds_a_zip_with_host_json_the_function_folders_and_the_self_contained_app_and_nothing_else()
    {
        var zipPath = Path.Combine(_folder.FullName, "iteval.zip");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot.Find(), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("./publish.sh");
        start.ArgumentList.Add(zipPath);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        Assert.True(process.ExitCode == 0, await output + await errors);

        using var zip = ZipFile.OpenRead(zipPath);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName, StringComparer.Ordinal);
        using var host = JsonDocument.Parse(entries["host.json"].Open());
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

        // The host starts this file directly: it must be there, at the root, and executable.
        var binary = entries[executable];
        Assert.NotEqual(0, (binary.ExternalAttributes >> 16) & 0b001_001_001);
        Assert.Contains("Http/function.json", entries.Keys);
        Assert.Contains("WorkQueue/function.json", entries.Keys);
        Assert.Contains("TimerSweep/function.json", entries.Keys);
        Assert.Contains("ItEval.Functions.dll", entries.Keys);
        Assert.Contains("Rubrics/BuiltIn/departments-districts.json", entries.Keys);
        // Self-contained linux-x64: the runtime travels with the app.
        Assert.Contains("libcoreclr.so", entries.Keys);
        using var runtimeConfig = JsonDocument.Parse(entries["ItEval.Functions.runtimeconfig.json"].Open());
        Assert.True(runtimeConfig.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _));
        // Nothing else: no settings or keys from a developer's machine, no tests, no symbols files, no build folders.
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

    public void Dispose() => _folder.Delete(recursive: true);
}
