using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ItEval.Web;

/// <summary>
/// One API key: who it is, its role (admin or appraiser) and the SHA-256 (hex) of the key. The key
/// itself is never stored. An appraiser key records scores as the team member with <see cref="Email"/>.
/// </summary>
public sealed class ApiKey
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string? Email { get; set; }
}

/// <summary>
/// Bearer API keys for programs acting as an admin or an appraiser: the presented key is hashed and
/// compared in constant time with every configured hash. No key or a wrong key → 401; a key of the
/// wrong role → 403.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AuthOptions> keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        ApiKey? match = null;
        foreach (var key in keys.Value.Keys)
        {
            // Every configured key is compared, so timing does not tell which one nearly matched.
            if (key.Sha256.Length == 64 && CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(key.Sha256)))
            {
                match = key;
            }
        }

        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, match.Name), new Claim(ClaimTypes.Role, match.Role)], SchemeName);
        if (!string.IsNullOrWhiteSpace(match.Email))
        {
            identity.AddClaim(new Claim(ClaimTypes.Email, match.Email));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>A 401 says how to authenticate (RFC 9110).</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
