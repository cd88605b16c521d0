using System.Net;
using ItEval.Accounts;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Console;

/// <summary>Issue 25: a sign-in or password change posted without its anti-forgery token gets the product's page in the reader's language.</summary>
public sealed class ExpiredFormTests
{
    [Theory]
    [InlineData("/sign-in", "sign-in", "vi", "Biểu mẫu đã hết hạn")]
    [InlineData("/sign-in", "sign-in", "en", "The form has expired")]
    [InlineData("/change-password", "change-password", "vi", "Biểu mẫu đã hết hạn")]
    public async Task A_form_posted_without_its_token_gets_the_products_page(string path, string form, string lang, string heading)
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage);
        var person = new ConsoleClient(app);
        if (path == "/change-password")
        {
            await person.SignInAsync("cntt", await ConsoleClient.AccountAsync(app, "cntt", Roles.Admin));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = form, ["Form.UserName"] = "cntt", ["Form.Password"] = "x" }),
        };
        request.Headers.Add("Cookie", $"iteval-lang={lang}");
        using var response = await person.Http.SendAsync(request);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{path}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("antiforgery", html, StringComparison.OrdinalIgnoreCase);
    }
}
