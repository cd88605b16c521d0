namespace ItEval.Hosting;

/// <summary>How the app is started: by itself, or by the Azure Functions host as an isolated worker.</summary>
public enum HostingMode
{
    /// <summary>Local, on-premises or container: the app serves HTTP itself and runs the orchestrations in-process (DurableTask.Core).</summary>
    Standalone,

    /// <summary>Started by the Functions host: HTTP arrives through the host (ASP.NET Core integration), orchestrations run in the host's Durable extension.</summary>
    FunctionsWorker,
}

/// <summary>Settings section <c>Hosting</c>.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>
    /// Set by the Functions host for the isolated worker it starts (as <c>--functions-uri</c> on the command
    /// line, which the worker maps to this key): the address of the host's gRPC channel.
    /// </summary>
    public const string FunctionsHostEndpoint = "Functions:Worker:HostEndpoint";

    public HostingMode Mode { get; set; } = HostingMode.Standalone;

    /// <summary>Loopback port in standalone mode, 7071 like the Functions host.</summary>
    public int Port { get; set; } = 7071;

    public static HostingOptions From(IConfiguration configuration)
    {
        var options = new HostingOptions();
        configuration.GetSection(Section).Bind(options);
        if (StartedByFunctionsHost(configuration))
        {
            options.Mode = HostingMode.FunctionsWorker;
        }

        return options;
    }

    public static bool StartedByFunctionsHost(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[FunctionsHostEndpoint]);

    /// <summary>The Functions host passes its endpoint on the worker's command line.</summary>
    public static bool StartedByFunctionsHost(IReadOnlyList<string> args) =>
        args.Any(a => a.Equals("--functions-uri", StringComparison.OrdinalIgnoreCase) || a.StartsWith("--functions-uri=", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Functions__Worker__HostEndpoint"));
}
