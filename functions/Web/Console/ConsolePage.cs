using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace ItEval.Web.Console;

/// <summary>
/// What every console page needs: the request (static server rendering), the reader's language and
/// its words, and who is signed in (the name the history records).
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter]
    public HttpContext Http { get; set; } = default!;

    [Inject]
    public NavigationManager Navigation { get; set; } = default!;

    protected string Lang => ConsoleText.Language(Http);

    protected bool En => Lang == "en";

    protected string Who => Http.User.Who();

    protected CancellationToken Aborted => Http.RequestAborted;

    protected string T(string key) => ConsoleText.Get(Lang, key);

    protected string T(string key, params object?[] values) => string.Format(CultureInfo.InvariantCulture, T(key), values);

    protected string Date(DateOnly day) => day.ToString(En ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// Answers 404 with this page's own words ("not found", "not published yet"). A component that sets
    /// 404 while it renders gets its content dropped for the app's status-code page (a problem document
    /// a person cannot read), so the status is set just before the response starts, after rendering.
    /// </summary>
    protected void NotFoundStatus()
    {
        if (Http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        var response = Http.Response;
        response.OnStarting(() =>
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    /// <summary>A whole number from the address (page, edition, year); null for anything else.</summary>
    protected static int? IntQuery(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    protected string Number(decimal value) => value.ToString("0.##", En ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("vi-VN"));
}
