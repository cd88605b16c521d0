using System.Net;
using ItEval.Email;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Email;

public sealed class DevMailboxTests
{
    [Fact]
    public async Task Local_emails_are_listed_at_dev_mail_and_open_as_html_with_their_links()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, new Dictionary<string, string?> { ["Email:DevMailbox"] = "true" });
        var client = app.CreateClient();
        var rendered = new EmailRenderer().Render("announcement", "vi", EmailSamples.Model("vi"));
        await app.Services.GetRequiredService<OutboxMailer>().SendAsync("c1",
            new EmailMessage("c1/STTTT/announcement/1", "announcement", ["vp@stttt.gov.vn"], rendered.Subject, rendered.Text, rendered.Html), "w1", CancellationToken.None);

        var list = await client.GetStringAsync(new Uri("/dev/mail", UriKind.Relative));
        var page = await client.GetStringAsync(new Uri("/dev/mail/c1/c1~STTTT~announcement~1.eml", UriKind.Relative));

        Assert.Contains("c1/c1~STTTT~announcement~1.eml", list, StringComparison.Ordinal);
        Assert.Contains("To: vp@stttt.gov.vn", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://iteval.example.gov.vn/u/eyJ1bml0IjoiU1RUVFQifQ.c2lnbmF0dXJl\">", page, StringComparison.Ordinal);
    }

    /// <summary>Issue 25: a batch delivered again (a retry after the provider took it) shows twice, so a duplicate is visible here too.</summary>
    [Fact]
    public async Task A_batch_delivered_twice_is_kept_twice_and_marked_as_sent_twice()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, new Dictionary<string, string?> { ["Email:DevMailbox"] = "true" });
        var transport = new EmlTransport(app.Services.GetRequiredService<LocalMailbox>(), TimeProvider.System);
        var message = new EmailMessage("c1/SXD/reminder/1", "reminder", ["vp@sxd.gov.vn"], "Nhắc hạn", "Văn bản", "<p>Văn bản</p>");

        await transport.DeliverAsync("c1", [message], CancellationToken.None);
        await transport.DeliverAsync("c1", [message], CancellationToken.None);

        var list = await app.CreateClient().GetStringAsync(new Uri("/dev/mail", UriKind.Relative));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(list, "c1~SXD~reminder~1.eml"));
        Assert.Contains("gửi 2 lần / sent 2 times", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_there_is_no_mailbox()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var app = ItEvalApp.On(storage);

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(new Uri("/dev/mail", UriKind.Relative))).StatusCode);
    }
}
