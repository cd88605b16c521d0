using System.Net;

namespace ItEval.Web;

/// <summary>
/// The same safe headers on every response — API, assets, the unit's page and every other page: no
/// sniffing, no framing, no referrer (a unit's link must not leak to other sites), a strict content
/// policy (everything from the app itself, no inline script), and no caching except of the static
/// assets.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = http.Request.Path.StartsWithSegments("/assets") && http.Response.StatusCode == 200 ? "public, max-age=3600" : "no-store";
            }

            return Task.CompletedTask;
        });
        await next(http);
    });

    /// <summary>
    /// A request made on this machine to an app listening on this machine, not relayed by a proxy:
    /// development conveniences (the mailbox shows every link) answer nothing else.
    /// </summary>
    public static bool IsLocal(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
        && (http.Connection.LocalIpAddress is null || IPAddress.IsLoopback(http.Connection.LocalIpAddress))
        && !http.Request.Headers.ContainsKey("X-Forwarded-For") && !http.Request.Headers.ContainsKey("Forwarded");
}
