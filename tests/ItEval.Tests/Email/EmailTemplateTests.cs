using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Email;
using ItEval.Tests.Infrastructure;
using ItEval.Web;

namespace ItEval.Tests.Email;

public sealed class EmailTemplateTests
{
    public static TheoryData<string, string> Templates()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in EmailRenderer.Kinds)
        {
            foreach (var language in EmailRenderer.Languages)
            {
                data.Add(kind, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_template_renders_completely_in_both_languages(string kind, string language)
    {
        var email = new EmailRenderer().Render(kind, language, EmailSamples.Model(language));

        Assert.All(new[] { email.Subject, email.Text, email.Html }, part =>
        {
            Assert.False(string.IsNullOrWhiteSpace(part));
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", part, StringComparison.Ordinal);
            // Vietnamese letters are written as they are, never as character references (only "+" is, by the encoder).
            Assert.DoesNotMatch("&#x(?!2B;)[0-9A-F]+;", part);
        });
        Assert.StartsWith("[ItEval] ", email.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Vietnamese_stays_readable_in_html_and_text_and_links_are_exact()
    {
        var model = EmailSamples.Model("vi");
        var email = new EmailRenderer().Render("announcement", "vi", model);

        Assert.Contains("<p>Kính gửi <strong>Sở Thông tin và Truyền thông</strong>,</p>", email.Html, StringComparison.Ordinal);
        Assert.Contains("Kính gửi Sở Thông tin và Truyền thông,", email.Text, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{model["link"]}\">", email.Html, StringComparison.Ordinal);
        Assert.Contains($"\n{model["link"]}\n", email.Text, StringComparison.Ordinal);
        Assert.Equal("[ItEval] Thông báo kế hoạch Đánh giá, xếp hạng mức độ ứng dụng CNTT năm 2026", email.Subject);
    }

    [Fact]
    public void Text_that_looks_like_html_is_escaped_in_html_only()
    {
        var model = new Dictionary<string, object?>(EmailSamples.Model("vi")) { ["unit"] = new Dictionary<string, object?> { ["name"] = "Ban <b>A</b> & \"B\"", ["code"] = "A" } };

        var email = new EmailRenderer().Render("overdue", "vi", model);

        Assert.Contains("Ban &lt;b&gt;A&lt;/b&gt; &amp; &quot;B&quot;", email.Html, StringComparison.Ordinal);
        Assert.Contains("Kính gửi Ban <b>A</b> & \"B\",", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_visit_invite_is_a_calendar_event_in_the_cycle_time_zone_with_vietnamese_intact()
    {
        var ics = VisitCalendar.Invite("v1@iteval", "Lịch thẩm định - Sở Xây dựng", "Tổ thẩm định làm việc", new DateTime(2026, 12, 22, 8, 0, 0), new DateTime(2026, 12, 22, 10, 15, 0),
            "Asia/Ho_Chi_Minh", ["vp@sxd.gov.vn"]);

        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Lịch thẩm định - Sở Xây dựng", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20261222T080000", ics, StringComparison.Ordinal);
        Assert.Contains("mailto:vp@sxd.gov.vn", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void An_eml_keeps_text_html_and_attachment_and_reads_back()
    {
        var message = new EmailMessage("c/u/visit-plan/plan", "visit-plan", ["a@b.vn"], "Lịch thẩm định", "Văn bản thuần", "<p>Trang <b>HTML</b></p>",
            [new EmailAttachment("lich-tham-dinh.ics", "text/calendar", "BEGIN:VCALENDAR\r\nSUMMARY:Thẩm định\r\nEND:VCALENDAR")]);

        var eml = EmlWriter.Write(message, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("Văn bản thuần", EmlWriter.Part(eml, "text/plain"));
        Assert.Equal("<p>Trang <b>HTML</b></p>", EmlWriter.Part(eml, "text/html"));
        Assert.Contains("SUMMARY:Thẩm định", EmlWriter.Part(eml, "text/calendar"), StringComparison.Ordinal);
        Assert.Contains("Subject: =?utf-8?B?", eml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admins_preview_a_template_with_sample_data_and_others_cannot()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var app = ItEvalApp.On(storage, new Dictionary<string, string?>
        {
            ["Auth:Keys:0:Name"] = "admin",
            ["Auth:Keys:0:Role"] = ItEval.Accounts.Roles.Admin,
            ["Auth:Keys:0:Sha256"] = ApiKeyAuthenticationHandler.Hash("preview-admin-key"),
        });
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/email-templates/result/preview", UriKind.Relative))).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "preview-admin-key");
        var html = await client.GetStringAsync(new Uri("/api/email-templates/result/preview?lang=vi", UriKind.Relative));
        var json = await client.GetFromJsonAsync<JsonElement>("/api/email-templates/reminder/preview?lang=en&format=json");

        Assert.Contains("xếp hạng <strong>2</strong> trong khối so", html, StringComparison.Ordinal);
        Assert.Equal("[ItEval] Reminder: 3 days left to submit - Đánh giá, xếp hạng mức độ ứng dụng CNTT năm 2026", json.GetProperty("subject").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/email-templates/nope/preview", UriKind.Relative))).StatusCode);
    }
}

/// <summary>The .eml writer puts nothing from data into a header raw.</summary>
public sealed class EmlHeaderTests
{
    [Fact]
    public void A_line_break_in_an_address_cannot_add_a_header()
    {
        var eml = ItEval.Email.EmlWriter.Write(new ItEval.Email.EmailMessage("c/u/k/1", "k", ["a@b.vn\r\nBcc: all@tinh.gov.vn"], "Chào", "x"), DateTimeOffset.UnixEpoch);

        var headers = eml[..eml.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
        Assert.DoesNotContain(headers, h => h.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_long_Vietnamese_subject_is_folded_into_encoded_words_of_at_most_75_characters()
    {
        var subject = string.Concat(Enumerable.Repeat("Thông báo kế hoạch đánh giá, xếp hạng mức độ ứng dụng CNTT năm 2026 — ", 4));
        var eml = ItEval.Email.EmlWriter.Write(new ItEval.Email.EmailMessage("c/u/k/1", "k", ["a@b.vn"], subject, "x"), DateTimeOffset.UnixEpoch);

        var lines = eml[..eml.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
        var start = Array.FindIndex(lines, l => l.StartsWith("Subject:", StringComparison.Ordinal));
        var folded = lines.Skip(start).TakeWhile((l, i) => i == 0 || l.StartsWith(' ')).ToList();
        var words = folded.Select(l => l.Replace("Subject:", "", StringComparison.Ordinal).Trim()).ToList();
        Assert.True(words.Count > 1);
        Assert.All(folded, l => Assert.True(l.Length <= 78, l));
        Assert.All(words, w => Assert.True(w.Length <= 75 && w.StartsWith("=?utf-8?B?", StringComparison.Ordinal) && w.EndsWith("?=", StringComparison.Ordinal), w));
        Assert.Equal(subject, string.Concat(words.Select(w => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(w[10..^2])))));
    }
}
