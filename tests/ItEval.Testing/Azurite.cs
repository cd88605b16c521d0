using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ItEval.Testing;

/// <summary>
/// One Azurite for the whole test run, in memory, on ports the OS picks, started from the repository's
/// node_modules. Tests isolate themselves with unique resource names (<see cref="TestStorage"/>), so
/// they can share it and run in parallel.
/// </summary>
public static partial class Azurite
{
    private static readonly Lazy<Task<AzuriteEndpoints>> Instance = new(StartAsync);

    public static Task<AzuriteEndpoints> GetAsync() => Instance.Value;

    private static async Task<AzuriteEndpoints> StartAsync()
    {
        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed: run 'npm ci' in {root} (./test.sh does it for you).");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(script))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started: is Node.js installed?");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);

        var ports = new Dictionary<string, int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null || ListeningLine().Match(line.Data) is not { Success: true } match)
            {
                return;
            }

            lock (ports)
            {
                ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (ports.Count == 3)
                {
                    ready.TrySetResult();
                }
            }
        };
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, line) => { lock (errors) { errors.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != ready.Task)
        {
            Stop(process);
            throw new InvalidOperationException($"Azurite did not start: {errors}");
        }

        return new AzuriteEndpoints(ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>
    /// In memory, on ports the OS picks, and without usage telemetry: otherwise Azurite queues telemetry
    /// files in the temp folder that a closed network never lets it send.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string script) =>
    [
        script, "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry",
        "--blobHost", "127.0.0.1", "--blobPort", "0",
        "--queueHost", "127.0.0.1", "--queuePort", "0",
        "--tableHost", "127.0.0.1", "--tablePort", "0",
    ];

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>Where the test Azurite listens.</summary>
public sealed record AzuriteEndpoints(int BlobPort, int QueuePort, int TablePort)
{
    /// <summary>The emulator's well-known development account (public, documented; not a secret).</summary>
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DevAccountKey +
        $";BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1" +
        $";QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1" +
        $";TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1";
}
