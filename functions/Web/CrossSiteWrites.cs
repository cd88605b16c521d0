namespace ItEval.Web;

/// <summary>
/// CSRF on the API (ASVS 4.2.2, 50.x): a write to <c>/api</c> authenticated by the console's cookie must
/// come from the app's own pages. SameSite=Strict keeps other sites' requests without the cookie, but
/// not a sibling site (another host of the same domain), so the browser's own word decides:
/// <c>Sec-Fetch-Site</c> other than same-origin, or an <c>Origin</c> other than this app, is refused;
/// without either, a form-like body (what a plain HTML form can send) is refused too. API keys
/// (Authorization: Bearer) carry no ambient credential and are not affected.
/// </summary>
public static class CrossSiteWrites
{
    public const string Vi = "Yêu cầu ghi này đến từ một trang khác nên bị từ chối; hãy thao tác trên trang quản trị của hệ thống.";
    public const string En = "This write came from another site and is refused; use the system's own console pages.";

    public static IApplicationBuilder UseCrossSiteWriteCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Refused(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(statusCode: 403, title: En, detail: Vi, extensions: new Dictionary<string, object?> { ["detailEn"] = En }).ExecuteAsync(http);
            return;
        }

        await next(http);
    });

    public static bool Refused(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !request.Path.StartsWithSegments("/api") || !request.Cookies.ContainsKey(Authentication.CookieName)
            || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
        }

        // An old browser says neither: what an HTML form posts from anywhere is refused, JSON (which needs CORS) is not.
        return site.Length == 0 && (request.HasFormContentType || request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true);
    }
}
