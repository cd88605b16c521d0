using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace ItEval.Web.Console;

/// <summary>
/// The console: Razor components rendered on the server (no client framework, forms that post,
/// anti-forgery on every post), plus the few plain endpoints around them (sign-out, language).
/// </summary>
public static class ConsoleEndpoints
{
    public static IServiceCollection AddItEvalConsole(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddAntiforgery(options => options.Cookie.Name = "iteval-af");
        return services;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapRazorComponents<App>();
        app.MapConsoleActions();
        app.MapGet("/", (HttpContext http) => Results.Redirect(http.User.Identity?.IsAuthenticated == true
            ? ConsoleText.Home([.. http.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value)]) : "/sign-in"));
        app.MapPost("/sign-out", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(http);
            await http.SignOutAsync(Authentication.CookieScheme);
            return Results.Redirect("/sign-in");
        });
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.Oidc.Enabled)
        {
            app.MapGet("/sign-in/oidc", (string? @return) => Results.Challenge(
                new AuthenticationProperties { RedirectUri = ConsoleText.LocalPath(@return) ?? "/" }, [Authentication.OidcScheme]));
        }

        app.MapGet("/language/{lang}", (string lang, string? @return, HttpContext http) =>
        {
            http.Response.Cookies.Append(ConsoleText.LanguageCookie, lang == "en" ? "en" : "vi",
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
            return Results.Redirect(ConsoleText.LocalPath(@return) ?? "/");
        });
        return app;
    }

    /// <summary>
    /// A person signed in with a one-time password goes to the change-password page first; the API
    /// refuses them until then (403).
    /// </summary>
    public static IApplicationBuilder UseFirstPasswordChange(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        if (http.User.HasClaim(Authentication.MustChangePasswordClaim, "true")
            && !path.StartsWithSegments("/change-password") && !path.StartsWithSegments("/sign-out") && !path.StartsWithSegments("/assets") && !path.StartsWithSegments("/language"))
        {
            if (path.StartsWithSegments("/api"))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            http.Response.Redirect($"/change-password?return={Uri.EscapeDataString(path + http.Request.QueryString)}");
            return;
        }

        await next(http);
    });
}
