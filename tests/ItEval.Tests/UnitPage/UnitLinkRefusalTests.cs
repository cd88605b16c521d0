using System.Net;
using System.Net.Http.Json;
using ItEval.Cycle;
using ItEval.Links;
using Microsoft.Extensions.DependencyInjection;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.UnitPage;

/// <summary>Every way a link can be wrong gets the same plain Vietnamese 403 page, logged without the token.</summary>
public sealed class UnitLinkRefusalTests
{
    private const string RefusalText = "Hãy liên hệ bộ phận CNTT";

    [Fact]
    public async Task A_valid_link_opens_the_units_own_page_and_nothing_of_another_unit()
    {
        await using var host = await UnitPageHost.StartAsync();
        var tokenA = await host.TokenAsync("u0001");

        var response = await host.Client().GetAsync(new Uri($"/u/{tokenA}", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Đơn vị số 1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Đơn vị số 2", html, StringComparison.Ordinal);
        Assert.Contains("hết ngày 15/12/2026", html, StringComparison.Ordinal);
        Assert.Contains("còn 14 ngày", html, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Forged_truncated_expired_other_purpose_and_unknown_cycle_links_get_the_403_page_and_no_token_in_the_logs()
    {
        await using var host = await UnitPageHost.StartAsync(settings: new Dictionary<string, string?> { ["Links:MaxRefusalsPerClient"] = "100" });
        var token = await host.TokenAsync("u0001");
        var now = host.Time.GetUtcNow();
        var forged = new UnitLinks(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), "x").Token(new LinkClaims("u0001", UnitPageHost.CycleId, UnitLinks.UploadPurpose, now.AddDays(30)));
        string[] refused =
        [
            forged,
            token[..^6],
            token.Split('.')[0],
            host.Links.Token(new LinkClaims("u0001", UnitPageHost.CycleId, UnitLinks.UploadPurpose, now.AddSeconds(-1))),
            host.Links.Token(new LinkClaims("u0001", UnitPageHost.CycleId, "results", now.AddDays(30))),
            host.Links.Token(new LinkClaims("u0001", "c2025", UnitLinks.UploadPurpose, now.AddDays(30))),
            host.Links.Token(new LinkClaims("u0099", UnitPageHost.CycleId, UnitLinks.UploadPurpose, now.AddDays(30))),
        ];

        foreach (var bad in refused)
        {
            foreach (var path in new[] { $"/u/{bad}", $"/u/{bad}/form" })
            {
                var response = await host.Client().GetAsync(new Uri(path, UriKind.Relative));
                var html = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Contains(RefusalText, html, StringComparison.Ordinal);
                Assert.DoesNotContain("Đơn vị số 1", html, StringComparison.Ordinal);
                Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            }

            var upload = await host.Client().PostAsync(new Uri($"/u/{bad}/form", UriKind.Relative), UnitPageHost.File([1, 2, 3], "phieu.xlsx"));
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        }

        var refusals = host.Logs.Where(l => l.Contains("Unit link refused", StringComparison.Ordinal)).ToList();
        Assert.Equal(refused.Length * 3, refusals.Count);
        Assert.Contains(refusals, l => l.Contains("(Forged)", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("(Expired)", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("(UnknownCycle)", StringComparison.Ordinal));
        foreach (var bad in refused.Append(token))
        {
            Assert.DoesNotContain(host.Logs, l => l.Contains(bad, StringComparison.Ordinal));
        }

        Assert.Empty(await host.Query(s => s.Units.Values.Where(u => u.Submitted).ToList()));
    }

    [Fact]
    public async Task A_link_dies_with_its_cycle_when_the_cycle_is_terminated()
    {
        await using var host = await UnitPageHost.StartAsync();
        var token = await host.TokenAsync("u0001");
        await host.Engine.HandleAsync(UnitPageHost.CycleId, new TerminateCycle("Làm lại kỳ đánh giá") { By = "admin" }, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client().GetAsync(new Uri($"/u/{token}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Reissuing_revokes_the_old_link_at_once_and_emails_the_new_one_to_the_new_address()
    {
        await using var host = await UnitPageHost.StartAsync();
        var old = await host.TokenAsync("u0002");

        var response = await host.Admin().PostAsJsonAsync($"/api/cycles/{UnitPageHost.CycleId}/units/u0002/link", new { reason = "Đổi cán bộ đầu mối", emails = new[] { "moi@tinh.gov.vn" } });
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        await host.SettleAsync();
        var fresh = body.GetProperty("link").GetString()!.Split("/u/")[1];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client().GetAsync(new Uri($"/u/{old}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync(new Uri($"/u/{fresh}", UriKind.Relative))).StatusCode);
        Assert.Contains(host.Logs, l => l.Contains("(Revoked)", StringComparison.Ordinal));
        var mail = await host.App.Services.GetRequiredService<ItEval.Email.OutboxMailer>().ListAsync(UnitPageHost.CycleId, CancellationToken.None);
        var sent = Assert.Single(mail, r => r.RowKey.Contains(EmailKinds.NewLink, StringComparison.Ordinal));
        Assert.Contains("moi@tinh.gov.vn", sent.GetString("To"), StringComparison.Ordinal);
        var eml = await host.Storage.EmlAsync($"{UnitPageHost.CycleId}/{UnitPageHost.CycleId}~u0002~new-link~gen1.eml");
        Assert.Contains($"/u/{fresh}", ItEval.Email.EmlWriter.Part(eml, "text/plain"), StringComparison.Ordinal);
        var status = await host.Admin().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cycles/{UnitPageHost.CycleId}");
        var unit = status.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("id").GetString() == "u0002");
        Assert.Equal(1, unit.GetProperty("linkGeneration").GetInt32());
        Assert.Equal("moi@tinh.gov.vn", unit.GetProperty("emails")[0].GetString());
    }

    [Fact]
    public async Task Too_many_refusals_from_one_address_are_answered_429_until_the_window_ends_while_valid_links_from_it_still_open()
    {
        await using var host = await UnitPageHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Links:MaxRefusalsPerClient"] = "3",
            ["Links:RefusalWindow"] = "00:10:00",
        });
        var good = await host.TokenAsync("u0001");
        var client = host.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri($"/u/guess{i}.abc", UriKind.Relative))).StatusCode);
        }

        var blocked = await client.GetAsync(new Uri("/u/guess3.abc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Contains("Quá nhiều lần", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(10), blocked.Headers.RetryAfter!.Delta);
        // The office behind the same address (one NAT) still opens its valid link and uploads.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/u/{good}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri($"/u/{good}/form", UriKind.Relative),
            UnitPageHost.File(await host.FilledFormAsync(good), "phieu.xlsx"))).StatusCode);

        host.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/u/guess4.abc", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task After_a_key_rotation_links_signed_with_the_previous_key_open_until_the_grace_period_ends()
    {
        var oldKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await using var host = await UnitPageHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Links:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Links:PreviousSigningKey"] = Convert.ToBase64String(oldKey),
            ["Links:PreviousKeyValidUntil"] = "2026-12-08T00:00:00+07:00",
        });
        var claims = new LinkClaims("u0001", UnitPageHost.CycleId, UnitLinks.UploadPurpose, Vn(2027, 1, 30, 0));
        var emailedBeforeRotation = new UnitLinks(oldKey, "x").Token(claims);

        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync(new Uri($"/u/{emailedBeforeRotation}", UriKind.Relative))).StatusCode);
        Assert.NotEqual(emailedBeforeRotation, host.Links.Token(claims));

        host.Time.SetUtcNow(Vn(2026, 12, 8, 0));
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client().GetAsync(new Uri($"/u/{emailedBeforeRotation}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync(new Uri($"/u/{host.Links.Token(claims)}", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task Forwarded_addresses_count_separately_only_when_the_front_end_is_trusted(string? trust, bool separate)
    {
        await using var host = await UnitPageHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Links:MaxRefusalsPerClient"] = "2",
            ["Links:TrustForwardedFor"] = trust,
        });
        var good = await host.TokenAsync("u0001");
        async Task<HttpStatusCode> Get(string path, string from)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", $"{from}, 10.9.9.9");
            return (await host.Client().SendAsync(request)).StatusCode;
        }

        await Get("/u/guess.one", "203.0.113.7");
        await Get("/u/guess.two", "203.0.113.7");

        Assert.Equal(HttpStatusCode.TooManyRequests, await Get("/u/guess.three", "203.0.113.7"));
        // A spoofed header must not escape the limit when the front end is not trusted.
        Assert.Equal(separate ? HttpStatusCode.Forbidden : HttpStatusCode.TooManyRequests, await Get("/u/guess.four", "198.51.100.20"));
        // A valid link is never held back by the limit.
        Assert.Equal(HttpStatusCode.OK, await Get($"/u/{good}", "203.0.113.7"));
    }
}
