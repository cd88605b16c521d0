using System.Net;
using System.Text.RegularExpressions;
using ItEval.Accounts;
using ItEval.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Console;

/// <summary>
/// A person at the console without a browser: keeps cookies, reads the forms' hidden fields
/// (anti-forgery token, form name) from the page and posts them back, as a browser does.
/// </summary>
public sealed partial class ConsoleClient(ItEvalApp app)
{
    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates an account with a known password already changed (ready to work).</summary>
    public static Task<string> AccountAsync(ItEvalApp app, string userName, params string[] roles) => AccountWithEmailAsync(app, userName, null, roles);

    /// <summary>An account whose email makes it a member of the cycle's appraisal team (when the team has that email).</summary>
    public static async Task<string> AccountWithEmailAsync(ItEvalApp app, string userName, string? email, params string[] roles)
    {
        var accounts = app.Services.GetRequiredService<AccountService>();
        var (password, problem) = await accounts.CreateAsync(userName, $"Người dùng {userName}", email, roles, "test", CancellationToken.None);
        Assert.Null(problem);
        var chosen = "Mat-khau-rieng-2026";
        Assert.Null(await accounts.ChangePasswordAsync(userName, password!, chosen, CancellationToken.None));
        return chosen;
    }

    /// <summary>The one-time message the console shows after a post (the flash cookie, escaped by the page and by the cookie).</summary>
    public static string Said(HttpResponseMessage response) =>
        Uri.UnescapeDataString(Uri.UnescapeDataString(response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("iteval-flash=", StringComparison.Ordinal))));

    public async Task<HttpResponseMessage> SignInAsync(string userName, string password) =>
        await PostFormAsync("/sign-in", "sign-in", new() { ["Form.UserName"] = userName, ["Form.Password"] = password });

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads the page, then posts the named form with these fields (the page's hidden fields added).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string? formName, Dictionary<string, string> fields, string? action = null)
    {
        var page = await GetStringAsync(path);
        var token = Token().Match(page).Groups[1].Value;
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) };
        if (formName is not null)
        {
            all["_handler"] = formName;
        }

        return await Http.PostAsync(new Uri(action ?? path, UriKind.Relative), new FormUrlEncodedContent(all));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" (?:type=\"hidden\" )?value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
