using Microsoft.AspNetCore.Antiforgery;

namespace ItEval.Web.Console;

/// <summary>
/// A page form (sign-in, change password, any console page) posted without a valid anti-forgery token —
/// an old tab, cookies cleared, another site — gets the product's own page in the reader's language with
/// a way back, instead of the framework's English developer text. Nothing was done.
/// </summary>
public static class ExpiredFormPage
{
    public static IApplicationBuilder UseExpiredFormPage(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } && !http.Request.Path.StartsWithSegments("/api"))
        {
            var en = ConsoleText.Language(http) == "en";
            var back = System.Net.WebUtility.HtmlEncode(ConsoleText.LocalPath(http.Request.Path + http.Request.QueryString) ?? "/");
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(en
                ? $"""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>The form has expired – ItEval</title><link rel="stylesheet" href="/assets/console.css"></head><body><main class="narrow"><h1>The form has expired</h1><p>The page was open too long, or it came from somewhere else, so nothing was done. Open the page again and repeat what you were doing.</p><p><a class="button" href="{back}">Open the page again</a></p></main></body></html>"""
                : $"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Biểu mẫu đã hết hạn – ItEval</title><link rel="stylesheet" href="/assets/console.css"></head><body><main class="narrow"><h1>Biểu mẫu đã hết hạn</h1><p>Trang đã mở quá lâu hoặc biểu mẫu được gửi từ nơi khác, nên chưa có gì được thực hiện. Hãy mở lại trang rồi làm lại thao tác.</p><p><a class="button" href="{back}">Mở lại trang</a></p></main></body></html>""",
                http.RequestAborted);
            return;
        }

        await next(http);
    });
}
