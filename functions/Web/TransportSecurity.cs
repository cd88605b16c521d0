using System.Net;
using ItEval.Hosting;
using Microsoft.AspNetCore.HttpOverrides;

namespace ItEval.Web;

/// <summary>
/// TLS in front of the app (ASVS 9.1, 3.4.1): the client address and scheme a proxy forwards count only
/// when the proxy is one named in <c>Hosting__TrustedProxies</c> (addresses or networks, comma
/// separated; under the Functions host, its own loopback relay); every cookie is <c>Secure</c> when the
/// request is https and always in Production; in Production plain http is redirected to https (not
/// requests from this machine to this machine: health checks and scripts) and https answers send HSTS.
/// </summary>
public static class TransportSecurity
{
    public const string TrustedProxiesSetting = "Hosting:TrustedProxies";
    public const string HttpsRedirectSetting = "Hosting:HttpsRedirect";
    public const string Hsts = "max-age=31536000";

    public static IServiceCollection AddItEvalTransportSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Nothing is trusted by default (the framework would trust loopback): only what the settings name.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var entry in (configuration[TrustedProxiesSetting] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(entry, out var address))
                {
                    options.KnownProxies.Add(address);
                }
                else
                {
                    throw new InvalidOperationException($"{TrustedProxiesSetting.Replace(":", "__", StringComparison.Ordinal)}: \"{entry}\" is not an IP address or network (e.g. 10.0.0.4 or 10.0.0.0/24).");
                }
            }

            if (HostingOptions.From(configuration).Mode == HostingMode.FunctionsWorker)
            {
                // The Functions host relays every request to the worker over loopback.
                options.KnownProxies.Add(IPAddress.Loopback);
                options.KnownProxies.Add(IPAddress.IPv6Loopback);
            }
        });
        services.AddOptions<CookiePolicyOptions>().Configure<IHostEnvironment>((options, environment) =>
            options.Secure = environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        return services;
    }

    public static IApplicationBuilder UseItEvalTransportSecurity(this IApplicationBuilder app, IConfiguration configuration, bool production)
    {
        app.UseForwardedHeaders();
        app.UseCookiePolicy();
        if (!production)
        {
            return app;
        }

        var redirect = configuration.GetValue(HttpsRedirectSetting, true) && HostingOptions.From(configuration).Mode == HostingMode.Standalone;
        return app.Use(async (http, next) =>
        {
            if (http.Request.IsHttps)
            {
                http.Response.OnStarting(() =>
                {
                    http.Response.Headers.StrictTransportSecurity = Hsts;
                    return Task.CompletedTask;
                });
            }
            else if (redirect && !SecurityHeaders.IsLocal(http))
            {
                // The same address over https (the default port): a permanent move, kept method and body.
                http.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
                http.Response.Headers.Location = $"https://{http.Request.Host.Host}{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
                return;
            }

            await next(http);
        });
    }
}
