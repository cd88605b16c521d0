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

    protected string Number(decimal value) => value.ToString("0.##", En ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("vi-VN"));
}
