using System.Net;
using ItEval.Accounts;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Console;

public sealed class SignInTests
{
    [Fact]
    public async Task The_first_admin_signs_in_with_the_one_time_password_must_change_it_and_then_reaches_the_console()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var app = ItEvalApp.On(storage, new Dictionary<string, string?> { ["Accounts:FirstAdminUserName"] = "admin", ["Accounts:FirstAdminPassword"] = "mot-lan-7Kx" });
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await app.Services.GetRequiredService<AccountService>().EnsureFirstAdminAsync(CancellationToken.None);
        var person = new ConsoleClient(app);

        var anonymous = await person.Http.GetAsync(new Uri("/console", UriKind.Relative));
        var signedIn = await person.SignInAsync("admin", "mot-lan-7Kx");
        var first = await person.Http.GetAsync(new Uri("/console", UriKind.Relative));
        var changed = await person.PostFormAsync("/change-password", "change-password",
            new() { ["Form.Current"] = "mot-lan-7Kx", ["Form.Next"] = "Quan-tri-2026!", ["Form.Again"] = "Quan-tri-2026!" });
        var console = await person.Http.GetAsync(new Uri("/console", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/sign-in", anonymous.Headers.Location!.ToPath(), StringComparison.Ordinal);
        Assert.StartsWith("/change-password", signedIn.Headers.Location!.ToPath(), StringComparison.Ordinal);
        Assert.StartsWith("/change-password", first.Headers.Location!.ToPath(), StringComparison.Ordinal);
        Assert.Equal("/console", changed.Headers.Location!.ToPath());
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Contains("Kỳ đánh giá", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_stop_the_client_for_15_minutes_and_a_disabled_account_loses_its_session()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage);
        var password = await ConsoleClient.AccountAsync(app, "tv1", Roles.Appraiser);
        var person = new ConsoleClient(app);

        for (var i = 0; i < 5; i++)
        {
            var wrong = await person.SignInAsync("tv1", "sai-mat-khau");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var locked = await (await person.SignInAsync("tv1", password)).Content.ReadAsStringAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var after = await person.SignInAsync("tv1", password);
        var visits = await person.Http.GetAsync(new Uri("/appraisal", UriKind.Relative));
        await app.Services.GetRequiredService<AccountService>().SetDisabledAsync("tv1", true, "admin", CancellationToken.None);
        var gone = await person.Http.GetAsync(new Uri("/appraisal", UriKind.Relative));

        Assert.Contains(AccountService.NotSignedIn.Vi, System.Net.WebUtility.HtmlDecode(locked), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, visits.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, gone.StatusCode);
        Assert.StartsWith("/sign-in", gone.Headers.Location!.ToPath(), StringComparison.Ordinal);
    }
}

/// <summary>Issue 25 (ASVS 2.2.1): nothing in the answer tells an unknown name from a wrong password or a locked account, and one address cannot lock an account out.</summary>
public sealed class SignInEnumerationTests
{
    private static readonly Dictionary<string, string?> BehindProxy = new() { [ItEval.Web.TransportSecurity.TrustedProxiesSetting] = "127.0.0.1" };

    private static async Task<string> AnswerAsync(ConsoleClient client, string user, string password, string from)
    {
        var page = await client.GetStringAsync("/sign-in");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" (?:type=\"hidden\" )?value=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/sign-in", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in", ["Form.UserName"] = user, ["Form.Password"] = password, ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token),
            }),
        };
        request.Headers.Add("X-Forwarded-For", from);
        using var response = await client.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? System.Text.RegularExpressions.Regex.Match(html, "<p class=\"notice\" role=\"alert\">([^<]*)</p>").Groups[1].Value
            : $"{(int)response.StatusCode}";
    }

    [Fact]
    public async Task Unknown_wrong_locked_and_throttled_answer_alike_and_one_address_cannot_lock_an_account_out()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, BehindProxy);
        var password = await ConsoleClient.AccountAsync(app, "cntt", Roles.Admin);
        var locked = await ConsoleClient.AccountAsync(app, "khoa", Roles.Admin);
        var store = app.Services.GetRequiredService<AccountStore>();
        var (account, etag) = (await store.GetAsync("khoa", CancellationToken.None))!.Value;
        Assert.True(await store.ReplaceAsync(account with { LockedUntil = app.Clock.GetUtcNow().AddMinutes(15) }, etag, CancellationToken.None));
        var client = new ConsoleClient(app);

        var unknown = await AnswerAsync(client, "khong-co-ai", "Mat-khau-rieng-2026", "203.0.113.1");
        var wrong = await AnswerAsync(client, "cntt", "Sai-mat-khau-2026", "203.0.113.2");
        var lockedAnswer = await AnswerAsync(client, "khoa", locked, "203.0.113.3");
        Assert.NotEmpty(unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, lockedAnswer);

        // One address guessing: after five wrong tries it is stopped, with the same words, even with the right password.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(unknown, await AnswerAsync(client, "cntt", $"Sai-mat-khau-{i}-2026", "198.51.100.9"));
        }

        Assert.Equal(unknown, await AnswerAsync(client, "cntt", password, "198.51.100.9"));
        // The admin, from their own address, is not locked out by it.
        Assert.Equal("302", await AnswerAsync(new ConsoleClient(app), "cntt", password, "192.0.2.44"));
    }
}

internal static class LocationPaths
{
    /// <summary>The path and query of a redirect, whether the server wrote it absolute or relative.</summary>
    public static string ToPath(this Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}

public sealed class AppServicePrincipalTests
{
    private static string Principal(params (string Type, string Value)[] claims) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
        System.Text.Json.JsonSerializer.Serialize(new { auth_typ = "aad", claims = claims.Select(c => new { typ = c.Type, val = c.Value }) })));

    [Theory]
    [InlineData("true", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task The_App_Service_principal_is_trusted_only_when_the_settings_say_the_app_runs_behind_it(string? behind, HttpStatusCode expected)
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, new Dictionary<string, string?> { ["Auth:AppServiceAuthentication"] = behind });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/cycles", UriKind.Relative));
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Principal(("name", "Trần Thị Bình"), ("preferred_username", "binh@tinh.gov.vn"), ("roles", "ItEval.Admin")));

        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Roles_come_from_the_providers_role_claim_as_the_settings_map_them()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, new Dictionary<string, string?> { ["Auth:AppServiceAuthentication"] = "true", ["Auth:AppraiserRoleValues"] = "ToThamDinh" });
        async Task<HttpStatusCode> Get(string path, string role)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Principal(("name", "Lê Văn Cường"), ("roles", role)));
            return (await app.CreateClient().SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await Get("/api/cycles", "ToThamDinh"));
        Assert.Equal(HttpStatusCode.NotFound, await Get("/api/cycles/khong-co", "ToThamDinh"));
        Assert.Equal(HttpStatusCode.Forbidden, await Get("/api/cycles", "SomethingElse"));
    }
}
