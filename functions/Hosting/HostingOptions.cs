namespace ItEval.Hosting;

/// <summary>How the app is started: by itself, or by the Azure Functions host as a custom handler.</summary>
public enum HostingMode
{
    /// <summary>Local, on-premises or container: the app pulls its own queue and sweeps its own timers.</summary>
    Standalone,

    /// <summary>Started by the Functions host, which forwards HTTP and invokes the queue and timer triggers.</summary>
    FunctionsCustomHandler,
}

/// <summary>Settings section <c>Hosting</c>.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>Set by the Functions host when it starts a custom handler.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public HostingMode Mode { get; set; } = HostingMode.Standalone;

    /// <summary>Loopback port, 7071 like the Functions host.</summary>
    public int Port { get; set; } = 7071;

    /// <summary>Standalone only: false leaves the queue and timers to someone else (tests drive them by hand).</summary>
    public bool BackgroundWorkers { get; set; } = true;

    /// <summary>How often the standalone timer sweep runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    public bool RunsBackgroundWorkers => Mode == HostingMode.Standalone && BackgroundWorkers;

    public static HostingOptions From(IConfiguration configuration)
    {
        var options = new HostingOptions();
        configuration.GetSection(Section).Bind(options);
        if (int.TryParse(configuration[CustomHandlerPortVariable], out var handlerPort))
        {
            options.Mode = HostingMode.FunctionsCustomHandler;
            options.Port = handlerPort;
        }

        return options;
    }
}
