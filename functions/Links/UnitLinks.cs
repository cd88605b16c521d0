using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace ItEval.Links;

/// <summary>
/// What a unit link grants: one unit, one cycle, one purpose, until it expires. <see cref="Generation"/>
/// counts the times the admin revoked the unit's link; only the newest generation opens the page.
/// </summary>
public sealed record LinkClaims(string UnitId, string CycleId, string Purpose, DateTimeOffset Expires, int Generation = 0);

/// <summary>Why a link was refused; logged (never the token), never shown to the visitor.</summary>
public enum LinkRefusal
{
    None,
    Malformed,
    Forged,
    Expired,
    WrongPurpose,
    UnknownCycle,
    UnknownUnit,
    Revoked,
    CycleTerminated,
}

/// <summary>The signing key and, during a rotation, the previous one and until when it still verifies.</summary>
public sealed record LinkKeys(byte[] Current, byte[]? Previous = null, DateTimeOffset? PreviousValidUntil = null)
{
    public static LinkKeys From(UnitLinkOptions options) => new(
        Convert.FromBase64String(options.SigningKey),
        string.IsNullOrWhiteSpace(options.PreviousSigningKey) ? null : Convert.FromBase64String(options.PreviousSigningKey),
        options.PreviousKeyValidUntil);
}

/// <summary>
/// Đường dẫn riêng của đơn vị: an HMAC-SHA256-signed token carrying unit, cycle, purpose, expiry and
/// generation, compared in constant time. Deterministic for the same claims, so re-sending an email
/// gives the same link. Generation 0 keeps the first format ("v1"), so links already sent stay valid.
/// </summary>
public sealed class UnitLinks(LinkKeys keys, string baseUrl)
{
    public const string UploadPurpose = "upload";

    public UnitLinks(byte[] key, string baseUrl) : this(new LinkKeys(key), baseUrl)
    {
    }

    /// <summary>
    /// The unit's current link, of its latest generation: valid until the appraisal window ends; once
    /// results are published, the link sent from then on (result emails) until <see cref="AfterComplaints"/>
    /// after the complaint days end, so the unit can read its result, download its result sheet and complain.
    /// </summary>
    public string UnitUrl(ItEval.Cycle.CycleState state, ItEval.Cycle.UnitProgress unit) => Url(new LinkClaims(
        unit.Info.Id, state.Id, UploadPurpose, Expiry(state), unit.LinkGeneration));

    /// <summary>How long a link sent after publication keeps working after the complaint days end.</summary>
    public static readonly TimeSpan AfterComplaints = TimeSpan.FromDays(90);

    public static DateTimeOffset Expiry(ItEval.Cycle.CycleState state)
    {
        var appraisalEnds = state.Calendar.EndOf(state.Definition!.AppraisalEnd);
        return state.ComplaintsCloseAt is { } complaintsClose && complaintsClose + AfterComplaints > appraisalEnds ? complaintsClose + AfterComplaints : appraisalEnds;
    }

    public string Url(LinkClaims claims) => $"{baseUrl.TrimEnd('/')}/u/{Token(claims)}";

    public string Token(LinkClaims claims)
    {
        var expires = claims.Expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string[] fields = claims.Generation == 0
            ? ["v1", claims.UnitId, claims.CycleId, claims.Purpose, expires]
            : ["v2", claims.UnitId, claims.CycleId, claims.Purpose, expires, claims.Generation.ToString(CultureInfo.InvariantCulture)];
        var payload = JsonSerializer.SerializeToUtf8Bytes(fields);
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(keys.Current, payload))}";
    }

    /// <summary>The claims of a genuine, unexpired token, or why it is refused. Says nothing about revocation: that is the cycle's.</summary>
    public (LinkClaims? Claims, LinkRefusal Refusal) Verify(string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 2 || FromBase64Url(parts[0]) is not { Length: > 0 } payload || FromBase64Url(parts[1]) is not { Length: 32 } signature)
        {
            return (null, LinkRefusal.Malformed);
        }

        if (!Signed(payload, signature, now))
        {
            return (null, LinkRefusal.Forged);
        }

        if (Parse(payload) is not { } claims)
        {
            return (null, LinkRefusal.Malformed);
        }

        return now < claims.Expires ? (claims, LinkRefusal.None) : (null, LinkRefusal.Expired);
    }

    private bool Signed(byte[] payload, byte[] signature, DateTimeOffset now)
    {
        // Both comparisons run in constant time; the previous key only while its grace period lasts.
        var current = CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(keys.Current, payload));
        var previous = keys.Previous is { } old && now < keys.PreviousValidUntil
            && CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(old, payload));
        return current || previous;
    }

    private static LinkClaims? Parse(byte[] payload)
    {
        string[]? fields;
        try
        {
            fields = JsonSerializer.Deserialize<string[]>(payload);
        }
        catch (JsonException)
        {
            return null;
        }

        return fields switch
        {
            ["v1", var unit, var cycle, var purpose, var expires] when Seconds(expires) is { } at => new LinkClaims(unit, cycle, purpose, at),
            ["v2", var unit, var cycle, var purpose, var expires, var generation] when Seconds(expires) is { } at
                && int.TryParse(generation, NumberStyles.None, CultureInfo.InvariantCulture, out var g) => new LinkClaims(unit, cycle, purpose, at, g),
            _ => null,
        };
    }

    private static DateTimeOffset? Seconds(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

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
