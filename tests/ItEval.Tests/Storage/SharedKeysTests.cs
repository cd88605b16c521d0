using System.Net;
using System.Text.RegularExpressions;
using ItEval.Accounts;
using ItEval.Tests.Console;
using ItEval.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Storage;

/// <summary>
/// Several instances on one storage account (App Service scale-out, an agency's servers, or the instance
/// after a restart): a form token or a sign-in cookie one instance issued is accepted by another.
/// </summary>
public sealed partial class SharedKeysTests
{
    [Fact]
    public async Task A_sign_in_form_from_one_instance_is_accepted_by_another_and_its_cookie_by_the_first()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var first = ItEvalApp.On(storage);
        await using var second = ItEvalApp.On(storage);
        var password = await ConsoleClient.AccountAsync(first, "cntt", Roles.Admin);
        var toFirst = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var toSecond = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var form = await toFirst.GetAsync(new Uri("/sign-in", UriKind.Relative));
        var token = WebUtility.HtmlDecode(Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in", ["Form.UserName"] = "cntt", ["Form.Password"] = password, ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", Cookies(form));
        var signedIn = await toSecond.SendAsync(post);
        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "/console");
        dashboard.Headers.Add("Cookie", Cookies(signedIn));
        var seen = await toFirst.SendAsync(dashboard);

        // The keys live in storage, where every instance finds them; on one machine the framework's default
        // folder would hide a missing repository, so the key ring each instance uses is compared with the blobs.
        var blobs = new List<string>();
        await foreach (var blob in storage.Blobs.GetBlobContainerClient(storage.Names.KeysContainer).GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }

        string[] KeyRing(ItEvalApp app) => app.Services.GetRequiredService<IKeyManager>().GetAllKeys().Select(k => $"key-{k.KeyId:D}.xml").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(blobs);
        Assert.Equal(blobs.Order(StringComparer.Ordinal), KeyRing(first));
        Assert.Equal(blobs.Order(StringComparer.Ordinal), KeyRing(second));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("sign-in", signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Select(c => c.Split(';')[0]) : []);

    [GeneratedRegex("name=\"__RequestVerificationToken\" (?:type=\"hidden\" )?value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
