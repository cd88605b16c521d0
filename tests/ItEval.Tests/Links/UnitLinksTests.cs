using System.Security.Cryptography;
using System.Text;
using ItEval.Links;

namespace ItEval.Tests.Links;

public sealed class UnitLinksTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly LinkClaims Claims = new("u0001", "2026", UnitLinks.UploadPurpose, Now.AddDays(60));
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_genuine_token_gives_back_exactly_its_claims()
    {
        var links = new UnitLinks(_key, "https://iteval.example.gov.vn/");
        var token = links.Token(Claims with { Generation = 3 });

        Assert.Equal((Claims with { Generation = 3 }, LinkRefusal.None), links.Verify(token, Now));
        Assert.Equal($"https://iteval.example.gov.vn/u/{links.Token(Claims)}", links.Url(Claims));
    }

    [Fact]
    public void Generation_zero_keeps_the_first_format_so_links_already_emailed_still_open()
    {
        var links = new UnitLinks(_key, "https://x");
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(links.Token(Claims).Split('.')[0])));

        Assert.StartsWith("[\"v1\",\"u0001\",\"2026\",\"upload\",", payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Forged_truncated_and_garbage_tokens_are_refused()
    {
        var links = new UnitLinks(_key, "https://x");
        var token = links.Token(Claims);
        var other = new UnitLinks(RandomNumberGenerator.GetBytes(32), "https://x").Token(Claims);
        var payloadOfB = links.Token(Claims with { UnitId = "u0002" }).Split('.')[0];

        Assert.Equal(LinkRefusal.Forged, links.Verify(other, Now).Refusal);
        // Unit A's signature on unit B's claims: still forged.
        Assert.Equal(LinkRefusal.Forged, links.Verify($"{payloadOfB}.{token.Split('.')[1]}", Now).Refusal);
        Assert.Equal(LinkRefusal.Malformed, links.Verify(token[..^5], Now).Refusal);
        Assert.Equal(LinkRefusal.Malformed, links.Verify(token.Split('.')[0], Now).Refusal);
        Assert.Equal(LinkRefusal.Malformed, links.Verify("", Now).Refusal);
        Assert.Equal(LinkRefusal.Malformed, links.Verify("%%%.!!!", Now).Refusal);
        Assert.Equal(LinkRefusal.Malformed, links.Verify(token + ".x", Now).Refusal);
    }

    [Fact]
    public void A_signed_payload_that_is_not_a_link_is_refused()
    {
        var payload = "{\"unit\":\"u0001\"}"u8.ToArray();
        var token = $"{B64(payload)}.{B64(HMACSHA256.HashData(_key, payload))}";

        Assert.Equal(LinkRefusal.Malformed, new UnitLinks(_key, "https://x").Verify(token, Now).Refusal);
    }

    [Fact]
    public void A_token_stops_working_the_second_it_expires()
    {
        var links = new UnitLinks(_key, "https://x");
        var token = links.Token(Claims);

        Assert.Equal(LinkRefusal.None, links.Verify(token, Claims.Expires.AddSeconds(-1)).Refusal);
        Assert.Equal(LinkRefusal.Expired, links.Verify(token, Claims.Expires).Refusal);
    }

    [Fact]
    public void After_a_key_rotation_old_links_work_during_the_grace_period_only()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var oldToken = new UnitLinks(oldKey, "https://x").Token(Claims);
        var rotated = new UnitLinks(new LinkKeys(_key, oldKey, Now.AddDays(7)), "https://x");

        Assert.Equal(LinkRefusal.None, rotated.Verify(oldToken, Now).Refusal);
        Assert.Equal(LinkRefusal.Forged, rotated.Verify(oldToken, Now.AddDays(7)).Refusal);
        // New links are signed with the new key only.
        Assert.Equal(LinkRefusal.Forged, new UnitLinks(oldKey, "https://x").Verify(rotated.Token(Claims), Now).Refusal);
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Pad(string text) => text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
}
