namespace ItEval.Hosting;

public static class FunctionsConventions
{
    /// <summary>Environment in which tests host the app: no developer's local.settings.json leaks in.</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>
    /// Settings from local.settings.json, then the environment (which wins, as on Azure); listening on
    /// 127.0.0.1 at the Functions port unless URLs or ports were given explicitly.
    /// </summary>
    public static HostingOptions AddFunctionsConventions(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsEnvironment(TestingEnvironment))
        {
            builder.Configuration.AddFunctionsSettings(builder.Environment.ContentRootPath);
        }

        var hosting = HostingOptions.From(builder.Configuration);
        // Resolved from the final configuration (tests and hosts may add settings after this point).
        builder.Services.AddSingleton(sp => HostingOptions.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(TimeProvider.System);

        // Nothing about the server's software in responses.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // ASPNETCORE_URLS, or ASPNETCORE_HTTP_PORTS as .NET container images set it: the listener was chosen
        // on purpose (a container must listen beyond loopback), so the loopback default stays out of the way.
        var explicitUrls = builder.Configuration[WebHostDefaults.ServerUrlsKey]
            ?? builder.Configuration[WebHostDefaults.HttpPortsKey]
            ?? builder.Configuration[WebHostDefaults.HttpsPortsKey];
        if (string.IsNullOrEmpty(explicitUrls))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{hosting.Port}");
        }

        return hosting;
    }

    /// <summary>local.settings.json from <paramref name="directory"/>, overridden by environment variables.</summary>
    public static IConfigurationBuilder AddFunctionsSettings(this IConfigurationBuilder configuration, string directory) =>
        configuration
            .Add(new LocalSettingsConfigurationSource(Path.Combine(directory, "local.settings.json")))
            .AddEnvironmentVariables();
}
