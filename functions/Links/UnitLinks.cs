using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ItEval.Links;

/// <summary>Settings section <c>Links</c>.</summary>
public sealed class UnitLinkOptions
{
    public const string Section = "Links";

    /// <summary>Base64 key (≥ 32 bytes) that signs unit links. From Key Vault in Azure.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Where the app is reached by units, e.g. https://iteval.example.gov.vn.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:7071";
}

/// <summary>What a unit link grants: one unit, one cycle, one purpose, until it expires.</summary>
public sealed record LinkClaims(string UnitId, string CycleId, string Purpose, DateTimeOffset Expires);

/// <summary>
/// Đường dẫn riêng của đơn vị: an HMAC-SHA256-signed token carrying unit, cycle, purpose and expiry.
/// Deterministic for the same claims, so re-sending an announcement gives the same link.
/// </summary>
public sealed class UnitLinks(byte[] key, string baseUrl)
{
    public const string UploadPurpose = "upload";

    public string Url(LinkClaims claims) => $"{baseUrl.TrimEnd('/')}/u/{Token(claims)}";

    public string Token(LinkClaims claims)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new[] { "v1", claims.UnitId, claims.CycleId, claims.Purpose, claims.Expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(key, payload))}";
    }

    /// <summary>The claims of a valid, unexpired token; null for anything forged, truncated or expired.</summary>
    public LinkClaims? Verify(string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 2 || FromBase64Url(parts[0]) is not { } payload || FromBase64Url(parts[1]) is not { } signature
            || !CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key, payload)))
        {
            return null;
        }

        var fields = JsonSerializer.Deserialize<string[]>(payload);
        if (fields is not ["v1", var unit, var cycle, var purpose, var expires]
            || !long.TryParse(expires, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var claims = new LinkClaims(unit, cycle, purpose, DateTimeOffset.FromUnixTimeSeconds(seconds));
        return now < claims.Expires ? claims : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
