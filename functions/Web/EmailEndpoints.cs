using System.Text;
using Azure.Storage.Blobs;
using ItEval.Email;
using ItEval.Storage;

namespace ItEval.Web;

/// <summary>Template previews for admins, and the development mailbox where local emails can be read.</summary>
public static class EmailEndpoints
{
    public static IEndpointRouteBuilder MapEmailEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/email-templates/{kind}/preview", (string kind, string? lang, string? format, EmailRenderer renderer) =>
        {
            if (!EmailRenderer.Kinds.Contains(kind))
            {
                return Results.Problem(title: "Unknown template", detail: $"Không có mẫu email \"{kind}\" ({string.Join(", ", EmailRenderer.Kinds)}).", statusCode: StatusCodes.Status404NotFound);
            }

            var email = renderer.Render(kind, lang ?? "vi", EmailSamples.Model(lang ?? "vi"));
            return format == "json" ? Results.Ok(email) : Results.Content(Page(email.Subject, email.Html), "text/html; charset=utf-8");
        }).RequireAuthorization(Authentication.AdminPolicy);

        routes.MapPost("/api/email/events", async (HttpContext http, IConfiguration configuration, ItEval.Cycle.CycleEngine engine, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, ct);
            var body = buffer.ToArray();
            if (!SendGridEvents.IsSigned(configuration["SendGrid:WebhookPublicKey"] ?? "", http.Request.Headers[SendGridEvents.SignatureHeader],
                http.Request.Headers[SendGridEvents.TimestampHeader], body))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var flagged = 0;
            foreach (var (cycleId, command) in SendGridEvents.Bounces(body))
            {
                flagged += (await engine.HandleAsync(cycleId, command, ct)).EventsAppended;
            }

            return Results.Ok(new { flagged });
        }).AllowAnonymous();
        return routes;
    }

    /// <summary>
    /// <c>/dev/mail</c>: the local sender's .eml files, newest first, each readable as HTML with working
    /// links. Mapped only in the Development environment (./run.sh) or with <c>Email__DevMailbox=true</c>,
    /// and never when SendGrid is configured: it shows every email, links included. It answers only
    /// requests from this machine (<see cref="SecurityHeaders.IsLocal"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapDevMailbox(this IEndpointRouteBuilder routes)
    {
        // Only from this machine to this machine: an app bound to a public address or behind a proxy
        // answers 404, as if the mailbox did not exist.
        var mailbox = routes.MapGroup("/dev/mail").AddEndpointFilter(async (context, next) =>
            SecurityHeaders.IsLocal(context.HttpContext) ? await next(context) : Results.NotFound());
        mailbox.MapGet("", async (LocalMailbox local, CancellationToken ct) =>
        {
            var items = new List<LocalMail>();
            await foreach (var mail in local.ListAsync("", ct))
            {
                items.Add(mail);
                if (items.Count == 500)
                {
                    break;
                }
            }

            // The same email (outbox row) sent more than once is marked: that is a duplicate a recipient would see.
            var sends = items.GroupBy(i => i.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var list = new StringBuilder("<h1>Hộp thư phát triển / Development mailbox</h1><table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>Thời gian</th><th>Người nhận</th><th>Tiêu đề</th><th>Tệp đính kèm</th><th>Số lần gửi</th></tr>");
            foreach (var mail in items.OrderByDescending(i => i.At))
            {
                var times = sends[mail.Name];
                list.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"<tr><td>{mail.At:yyyy-MM-dd HH:mm:ss}</td><td>{Html(mail.To)}</td><td><a href=\"/dev/mail/{Html(mail.Name)}\">{(mail.Subject.Length > 0 ? Html(mail.Subject) : Html(mail.Name))}</a></td><td>{Html(string.Join(", ", mail.Attachments))}</td><td>{(times > 1 ? $"<strong style=\"color:#a00\">gửi {times} lần / sent {times} times</strong>" : "1")}</td></tr>");
            }

            return Results.Content(Page("Hộp thư phát triển", list.Append("</table>").ToString()), "text/html; charset=utf-8");
        });
        mailbox.MapGet("/{**name}", async (string name, int? attachment, LocalMailbox local, CancellationToken ct) =>
        {
            if (await local.FindAsync(name, ct) is not { } mail)
            {
                return Results.NotFound();
            }

            var eml = mail.Eml;
            var attachments = EmlWriter.Attachments(eml);
            if (attachment is { } index)
            {
                return index >= 0 && index < attachments.Count
                    ? Results.File(Encoding.UTF8.GetBytes(attachments[index].Content), attachments[index].ContentType, attachments[index].FileName)
                    : Results.NotFound();
            }

            var html = EmlWriter.Part(eml, "text/html") ?? Html(EmlWriter.Part(eml, "text/plain") ?? eml);
            var headers = string.Join("<br>", eml.Split("\r\n").TakeWhile(l => l.Length > 0).Where(l => l.StartsWith("To:", StringComparison.Ordinal) || l.StartsWith("Date:", StringComparison.Ordinal))
                .Select(Html).Append("Subject: " + Html(EmlWriter.Subject(eml))));
            var files = string.Concat(attachments.Select((a, i) => $"<li><a href=\"/dev/mail/{Html(name)}?attachment={i}\">{Html(a.FileName)}</a> ({Html(a.ContentType)})</li>"));
            return Results.Content(Page(name, $"<p><a href=\"/dev/mail\">← Hộp thư</a></p><p>{headers}</p>{(files.Length > 0 ? $"<p>Tệp đính kèm:</p><ul>{files}</ul>" : "")}<hr>{html}"), "text/html; charset=utf-8");
        });
        return routes;
    }

    private static string Html(string text) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);

    private static string Page(string title, string body) =>
        $"<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(title)}</title></head><body style=\"font-family:sans-serif\">{body}</body></html>";
}
