using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ItEval.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace ItEval.Web;

/// <summary>Settings section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>API keys for programs (<c>Auth__Keys__0__Name</c>, <c>__Role</c>, <c>__Sha256</c>).</summary>
    public List<ApiKey> Keys { get; set; } = [];

    /// <summary>Behind App Service Authentication: trust the principal it forwards in <c>X-MS-CLIENT-PRINCIPAL</c>.</summary>
    public bool AppServiceAuthentication { get; set; }

    /// <summary>Optional OpenID Connect sign-in (Entra ID or any provider of the agency).</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>Role claim values of the agency's identity provider that mean admin, and appraiser (comma-separated).</summary>
    public string AdminRoleValues { get; set; } = "ItEval.Admin";

    public string AppraiserRoleValues { get; set; } = "ItEval.Appraiser";

    /// <summary>The claim type that carries those values.</summary>
    public string RoleClaim { get; set; } = "roles";
}

public sealed class OidcOptions
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The button's words on the sign-in page, e.g. "Tài khoản công vụ".</summary>
    public string DisplayName { get; set; } = "OpenID Connect";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>
/// Who is calling, one way per caller: a program presents a bearer API key; a person signs in with a
/// local account (cookie) or the agency's OpenID Connect provider (then a cookie); behind App Service
/// Authentication the forwarded principal is trusted only when <c>Auth__AppServiceAuthentication</c>
/// says the app runs behind it. Pages send anonymous people to the sign-in page; the API answers 401.
/// A wrong role is 403 everywhere.
/// </summary>
public static class Authentication
{
    public const string Scheme = "ItEval";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The console's sign-in cookie.</summary>
    public const string CookieName = "iteval-auth";
    public const string AppServiceScheme = "AppService";
    public const string OidcScheme = "oidc";
    public const string AdminPolicy = "admin";
    public const string AppraiserPolicy = "appraiser";

    /// <summary>Claims of a person signed in with a local account.</summary>
    public const string UserNameClaim = "iteval:user";
    public const string StampClaim = "iteval:stamp";
    public const string MustChangePasswordClaim = "iteval:must-change-password";

    public static IServiceCollection AddItEvalAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var builder = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, null, options => options.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? ApiKeyAuthenticationHandler.SchemeName
                : http.Request.Headers.ContainsKey(AppServicePrincipalHandler.Header)
                    && http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.AppServiceAuthentication ? AppServiceScheme
                : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AppServicePrincipalHandler>(AppServiceScheme, null)
            .AddCookie(CookieScheme, options =>
            {
                options.LoginPath = "/sign-in";
                options.AccessDeniedPath = "/access-denied";
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                // Strict: no other site can make a signed-in browser post to the app.
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
            });
        if (auth.Oidc.Enabled)
        {
            builder.AddOpenIdConnect(OidcScheme, options =>
            {
                options.Authority = auth.Oidc.Authority;
                options.ClientId = auth.Oidc.ClientId;
                options.ClientSecret = auth.Oidc.ClientSecret;
                options.SignInScheme = CookieScheme;
                options.ResponseType = "code";
                options.CallbackPath = "/signin-oidc";
                options.Scope.Add("profile");
                options.Scope.Add("email");
                options.Events.OnTokenValidated = context =>
                {
                    context.Principal = MapRoles(context.Principal!, auth, "oidc");
                    return Task.CompletedTask;
                };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(AppraiserPolicy, policy => policy.RequireRole(Roles.Appraiser, Roles.Admin));
        return services;
    }

    /// <summary>The name the history records for the caller: "Nguyễn Văn An (an.nv)", an API key's name, or the provider's name.</summary>
    public static string Who(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "unknown";

    /// <summary>
    /// Whose appraisal scope applies to the caller: null for admins (any unit), else the caller's email,
    /// which the cycle matches to a member of its appraisal team ("" when the caller has none: no unit).
    /// </summary>
    public static string? AppraiserScope(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) ? null : user.FindFirstValue(ClaimTypes.Email) ?? "";

    /// <summary>A person's claims from a local account.</summary>
    public static ClaimsPrincipal PrincipalOf(Account account)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.Who),
            new(UserNameClaim, account.UserName),
            new(StampClaim, account.SecurityStamp),
        };
        if (!string.IsNullOrWhiteSpace(account.Email))
        {
            claims.Add(new Claim(ClaimTypes.Email, account.Email));
        }

        claims.AddRange(account.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        if (account.MustChangePassword)
        {
            claims.Add(new Claim(MustChangePasswordClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme));
    }

    /// <summary>Roles from the identity provider's role claim values, as the settings map them.</summary>
    public static ClaimsPrincipal MapRoles(ClaimsPrincipal principal, AuthOptions auth, string authenticationType)
    {
        static HashSet<string> Values(string list) => [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        var values = principal.Claims.Where(c => c.Type == auth.RoleClaim || c.Type == ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var name = principal.FindFirstValue("name") ?? principal.FindFirstValue(ClaimTypes.Name) ?? principal.FindFirstValue("preferred_username") ?? "unknown";
        var login = principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue(ClaimTypes.Email) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var claims = new List<Claim> { new(ClaimTypes.Name, login is null || login == name ? name : $"{name} ({login})") };
        var email = principal.FindFirstValue(ClaimTypes.Email) ?? principal.FindFirstValue("email") ?? (login?.Contains('@', StringComparison.Ordinal) == true ? login : null);
        if (email is not null)
        {
            claims.Add(new Claim(ClaimTypes.Email, email));
        }

        if (values.Overlaps(Values(auth.AdminRoleValues)))
        {
            claims.Add(new Claim(ClaimTypes.Role, Roles.Admin));
        }

        if (values.Overlaps(Values(auth.AppraiserRoleValues)))
        {
            claims.Add(new Claim(ClaimTypes.Role, Roles.Appraiser));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // The API and downloads answer with a status; pages go to the sign-in (or access-denied) page.
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Every request of a person with a local account checks the account still allows it: not removed, not disabled, no newer stamp (password or roles changed).</summary>
internal static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirstValue(Authentication.UserNameClaim) is not { } userName)
        {
            return;
        }

        var store = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        if (await store.GetAsync(userName, context.HttpContext.RequestAborted) is not var (account, _)
            || account.Disabled || account.SecurityStamp != context.Principal.FindFirstValue(Authentication.StampClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Authentication.CookieScheme);
        }
    }
}

/// <summary>
/// App Service Authentication (Easy Auth) forwards the signed-in principal as base64 JSON in
/// <c>X-MS-CLIENT-PRINCIPAL</c>. Used only when the settings say the app runs behind it (otherwise a
/// client could send the header itself); roles are mapped like OpenID Connect's.
/// </summary>
public sealed class AppServicePrincipalHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!auth.Value.AppServiceAuthentication || Request.Headers[Header].ToString() is not { Length: > 0 } encoded)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(encoded));
            var claims = document.RootElement.GetProperty("claims").EnumerateArray()
                .Select(c => new Claim(c.GetProperty("typ").GetString()!, c.GetProperty("val").GetString()!));
            var principal = Authentication.MapRoles(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), auth.Value, Scheme.Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Task.FromResult(AuthenticateResult.Fail("The App Service principal header cannot be read."));
        }
    }
}
