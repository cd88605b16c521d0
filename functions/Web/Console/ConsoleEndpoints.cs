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
        // Vietnamese letters as they are, not as &#x…; entities (everything HTML needs escaped still is).
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddCascadingAuthenticationState();
        services.AddAntiforgery(options => options.Cookie.Name = "iteval-af");
        services.AddSingleton<ConsoleSettings>();
        services.AddSingleton<TeamAccounts>();
        services.AddSingleton<CycleHistory>();
        services.AddSingleton<Rankings.RankingViews>();
        services.AddSingleton<Appraisal.AppraisalWorkspace>();
        return services;
    }

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapRazorComponents<App>();
        app.MapConsoleActions();
        var admin = app.MapGroup("/console").RequireAuthorization(Authentication.AdminPolicy);
        admin.MapGet("/cycles/{id}/progress", async (string id, ItEval.Cycle.CycleEngine engine, CancellationToken ct) =>
            CycleRequestRules.IsId(id) && await engine.QueryAsync(id, s => s.Exists ? CycleDashboard.ProgressOf(s) : null, ct) is { } progress
                ? Results.Json(progress) : Results.NotFound());
        admin.MapGet("/cycles/{id}/history.csv", async (string id, string? unit, string? person, string? kind, HttpContext http, CycleHistory history, CancellationToken ct) =>
        {
            var language = ConsoleText.Language(http);
            return CycleRequestRules.IsId(id) && await history.ReadAsync(id, unit, person, kind, language, ct) is var (lines, _, _, definition)
                ? Results.File(CycleHistory.Csv(lines, definition.TimeZone, language), "text/csv; charset=utf-8", $"lich-su-{id}.csv")
                : Results.NotFound();
        });
        admin.MapGet("/cycles/{id}/units/{unitId}/files/{versionId}", async (string id, string unitId, string versionId, ItEval.Uploads.UnitUploads uploads, CancellationToken ct) =>
            CycleRequestRules.IsId(id) && CycleRequestRules.IsId(unitId) && await uploads.OpenVersionAsync(id, unitId, versionId, ct) is { } file
                ? Results.File(file.Content, "application/octet-stream", file.Version.FileName)
                : Results.NotFound());
        admin.MapGet("/roster-template.csv", () => Results.File(RosterTemplate, "text/csv; charset=utf-8", "danh-sach-don-vi.csv"));
        admin.MapPost("/accounts/act", AccountActionAsync);
        app.MapGet("/", (HttpContext http) => Results.Redirect(http.User.Identity?.IsAuthenticated == true
            ? ConsoleText.Home([.. http.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value)]) : "/sign-in"));
        app.MapPost("/sign-out", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(http);
            await http.SignOutAsync(Authentication.CookieScheme);
            return Results.Redirect("/sign-in");
        });
        if (app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.Oidc.Enabled)
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

    /// <summary>The roster columns with two example rows (UTF-8 with BOM, so Excel shows Vietnamese).</summary>
    private static readonly byte[] RosterTemplate =
    [
        .. System.Text.Encoding.UTF8.GetPreamble(),
        .. System.Text.Encoding.UTF8.GetBytes("Mã đơn vị,Tên đơn vị,Khối,Tên khối,Địa bàn,Email,Ngôn ngữ,Địa chỉ,Người liên hệ,Điện thoại\r\n" +
            "SKHCN,Sở Khoa học và Công nghệ,so,\"Khối sở, ban, ngành\",phan-thiet,vanphong@skhcn.gov.vn,vi,\"Số 1 Đường Trần Hưng Đạo, phường Phan Thiết\",\"Nguyễn Văn A, Chánh Văn phòng\",0252 3822 000\r\n" +
            "XA-PHUOC-LOC,Ủy ban nhân dân xã Phước Lộc,xa,\"Khối xã, phường, đặc khu\",phuoc-loc,vanphong@phuocloc.gov.vn; chutich@phuocloc.gov.vn,vi,,,\r\n"),
    ];

    /// <summary>What an admin does to accounts: add (one-time password shown once), reset, disable or enable, set roles.</summary>
    private static async Task<IResult> AccountActionAsync(
        [Microsoft.AspNetCore.Mvc.FromForm] AccountForm form, HttpContext http, ItEval.Accounts.AccountService accounts, TeamAccounts team, CancellationToken ct)
    {
        var lang = ConsoleText.Language(http);
        var by = http.User.FindFirst(Authentication.UserNameClaim)?.Value ?? http.User.Who();
        if (form.Action == "create-team")
        {
            var created = await team.CreateAsync(http.User.Who(), ct);
            return Flash.Redirect(http, "/console/accounts", created.Count > 0, created.Count == 0 ? ConsoleText.Get(lang, "team_accounts_none")
                : ConsoleText.Get(lang, "team_accounts_created") + " " + string.Join("; ", created.Select(c => $"{c.UserName}: {c.Password}")));
        }

        var roles = (IReadOnlyList<string>)(form.Roles ?? []);
        (string? Password, ItEval.Accounts.AccountProblem? Problem) outcome = form.Action switch
        {
            "create" => await accounts.CreateAsync(form.UserName ?? "", form.DisplayName ?? "", form.Email, roles, http.User.Who(), ct),
            "reset" => await accounts.ResetPasswordAsync(form.UserName ?? "", ct),
            "disable" or "enable" => (null, await accounts.SetDisabledAsync(form.UserName ?? "", form.Action == "disable", by, ct)),
            "roles" => (null, await accounts.SetRolesAsync(form.UserName ?? "", roles, by, ct)),
            _ => (null, new ItEval.Accounts.AccountProblem("Thao tác không rõ.", "Unknown action.")),
        };
        return outcome.Problem is { } problem
            ? Flash.Redirect(http, "/console/accounts", false, lang == "en" ? problem.En : problem.Vi)
            : Flash.Redirect(http, "/console/accounts", true, outcome.Password is { } password
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, ConsoleText.Get(lang, "one_time_password"), form.UserName, password)
                : ConsoleText.Get(lang, "saved"));
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

/// <summary>What the accounts page posts.</summary>
public sealed class AccountForm
{
    public string? Action { get; set; }
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public List<string>? Roles { get; set; }
}
