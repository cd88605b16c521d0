using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ItEval.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.UnitPage;

/// <summary>What one link can store is bounded, exactly, and hostile files are refused before they are kept.</summary>
public sealed class QuotaAndGuardTests
{
    private static byte[] Pdf(int seed) => [.. "%PDF-1.7\n"u8, .. BitConverter.GetBytes(seed), .. new byte[500]];

    [Fact]
    public async Task The_evidence_limit_holds_when_thirty_uploads_arrive_at_once()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1, new Dictionary<string, string?> { ["Uploads:MaxEvidenceFiles"] = "10" });
        var token = await host.TokenAsync("u0001");

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File(Pdf(i), $"minh-chung-{i}.pdf"))));

        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(20, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(10, (await Versions(host)).Count(v => v.Kind == UploadKinds.Evidence));
        Assert.Equal(10, await BlobsAsync(host, host.Storage.Names.EvidenceContainer));
        Assert.Contains("đủ 10 tệp minh chứng", await answers.First(a => a.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Issue 25: a unit's and a cycle's stored bytes are bounded, exactly under concurrent uploads, refused in words, shown to the admin.</summary>
    [Fact]
    public async Task Stored_bytes_are_bounded_per_unit_and_per_cycle_and_shown_to_the_admin()
    {
        // Each evidence file is 513 bytes: a unit may keep 5 (2,600 bytes), the cycle 8 (4,200 bytes).
        await using var host = await UnitPageHost.StartAsync(units: 2, new Dictionary<string, string?> { ["Uploads:MaxBytesPerUnit"] = "2600", ["Uploads:MaxBytesPerCycle"] = "4200" });
        var first = await host.TokenAsync("u0001");
        var second = await host.TokenAsync("u0002");

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            host.PostJsonAsync($"/u/{first}/evidence", UnitPageHost.File(Pdf(i), $"minh-chung-{i}.pdf"))));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        var refusal = await answers.First(a => a.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync();
        Assert.Contains("Đơn vị đã dùng 3 KB trong 3 KB dung lượng lưu trữ của kỳ này, không đủ chỗ cho tệp 1 KB", refusal, StringComparison.Ordinal);

        var others = new List<HttpResponseMessage>();
        for (var i = 100; i < 105; i++)
        {
            others.Add(await host.PostJsonAsync($"/u/{second}/evidence", UnitPageHost.File(Pdf(i), $"minh-chung-{i}.pdf")));
        }

        Assert.Equal(3, others.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Contains("Kỳ đánh giá đã dùng hết dung lượng lưu trữ", await others[^1].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(8, (await Versions(host)).Count + (await host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0002", CancellationToken.None)).Count);
        Assert.Equal(5, await BlobsAsync(host, host.Storage.Names.EvidenceContainer));

        var quota = host.App.Services.GetRequiredService<StorageQuota>();
        var usage = await quota.UsageAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None);
        Assert.Equal((5 * 513L, 8 * 513L), (usage.UnitBytes, usage.CycleBytes));
        var admin = new ItEval.Tests.Console.ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ItEval.Tests.Console.ConsoleClient.AccountAsync(host.App, "cntt", ItEval.Accounts.Roles.Admin));
        Assert.Contains("Dung lượng lưu trữ đã dùng: 5 KB trong 5 KB · mỗi đơn vị tối đa 3 KB", System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{UnitPageHost.CycleId}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_versions_are_limited_per_unit_and_the_accepted_form_stays_current()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1, new Dictionary<string, string?> { ["Uploads:MaxFormVersions"] = "3" });
        var token = await host.TokenAsync("u0001");
        var form = await host.FilledFormAsync(token);
        Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(form, "phieu.xlsx"))).StatusCode);
        var spoiled = new List<byte[]>();
        for (var i = 0; i < 4; i++)
        {
            spoiled.Add(UnitPageHost.Spoil(await host.FilledFormAsync(token, $" bản {i}"), host.Rubric).Form);
        }

        var current = await host.Query(s => s.Units["u0001"].SubmissionId);

        var answers = await Task.WhenAll(spoiled.Select(file => host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(file, "phieu.xlsx"))));

        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(2, refused.Count);
        Assert.Contains("gửi phiếu 3 lần", await refused[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, (await Versions(host)).Count(v => v.Kind == UploadKinds.Form));
        Assert.Equal(current, await host.Query(s => s.Units["u0001"].SubmissionId));
    }

    [Theory]
    [InlineData("vbaProject", "có chứa macro")]
    [InlineData("odf-macro", "có chứa macro")]
    [InlineData("bomb", "khi giải nén lớn hơn")]
    [InlineData("corrupt", "bị hỏng")]
    public async Task Office_evidence_gets_the_same_package_checks_as_forms_and_nothing_is_kept(string kind, string message)
    {
        await using var host = await UnitPageHost.StartAsync(units: 1, new Dictionary<string, string?> { ["Uploads:MaxEvidenceUnpackedBytes"] = "1000000" });
        var token = await host.TokenAsync("u0001");
        var (file, name) = kind switch
        {
            "vbaProject" => (Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>"), ("word/vbaProject.bin", "x")), "bao-cao.docx"),
            "odf-macro" => (Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<c/>"), ("Basic/Standard/Module1.xml", "<m/>")), "bao-cao.odt"),
            "bomb" => (Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w>" + new string(' ', 5_000_000) + "</w>")), "bao-cao.docx"),
            _ => ([.. Zip(("[Content_Types].xml", "<Types/>")).Take(40)], "bao-cao.pptx"),
        };

        var answer = await host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File(file, name));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains(message, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await Versions(host));
        Assert.Equal(0, await BlobsAsync(host, host.Storage.Names.EvidenceContainer));
    }

    [Fact]
    public async Task Evidence_names_shown_to_people_lose_control_and_direction_override_characters()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1);
        var token = await host.TokenAsync("u0001");

        var answer = await host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File(Pdf(1), "Báo\u0007 cáo\u202Egnp.pdf"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Báo cáognp.pdf", Assert.Single(await Versions(host)).FileName);
        Assert.Equal("tep", EvidenceFiles.DisplayName("\u202E\u200F\r\n"));
    }

    [Fact]
    public async Task A_crafted_workbook_is_refused_in_Vietnamese_kept_in_quarantine_and_the_current_form_is_unchanged()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1);
        var token = await host.TokenAsync("u0001");
        var form = await host.FilledFormAsync(token);
        Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(form, "phieu.xlsx"))).StatusCode);
        var current = await host.Query(s => s.Units["u0001"].SubmissionId);
        // A cell reference without a row, as a broken or hostile program could write it.
        var crafted = ItEval.Tests.Forms.FormKit.RewritePart(form, "xl/worksheets/sheet1.xml", xml => xml.Replace("r=\"E9\"", "r=\"E\"", StringComparison.Ordinal));

        var answer = await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(crafted, "phieu.xlsx"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("tệp Excel bị hỏng", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var quarantined = Assert.Single(await Versions(host), v => !v.Accepted);
        Assert.Equal(host.Storage.Names.QuarantineContainer, quarantined.Container);
        Assert.Equal(current, await host.Query(s => s.Units["u0001"].SubmissionId));
    }

    [Theory]
    [InlineData("form")]
    [InlineData("evidence")]
    [InlineData("blackout")]
    public async Task A_cut_short_or_overfull_form_post_gets_the_units_message_and_stores_nothing(string action)
    {
        await using var host = await UnitPageHost.StartAsync(units: 1);
        var token = await host.TokenAsync("u0001");
        var truncated = new ByteArrayContent(Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"phieu.xlsx\"\r\n\r\nPK\u0003\u0004 cut he"));
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        var overfull = new StringContent(string.Join('&', Enumerable.Range(0, 5000).Select(i => $"day=2027-01-{i % 28 + 1:D2}")), Encoding.UTF8, "application/x-www-form-urlencoded");

        foreach (var body in new HttpContent[] { truncated, overfull })
        {
            var answer = await host.PostJsonAsync($"/u/{token}/{action}", body);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Matches("Chưa chọn tệp|Không đọc được", await answer.Content.ReadAsStringAsync());
        }

        Assert.Empty(await Versions(host));
        Assert.Empty(await host.Query(s => s.Units["u0001"].BlackoutDates));
    }

    [Fact]
    public async Task The_same_evidence_file_sent_twice_is_kept_once()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1);
        var token = await host.TokenAsync("u0001");

        var first = await host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File(Pdf(7), "bao-cao.pdf"));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File(Pdf(7), "bao-cao (1).pdf"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Single(await Versions(host));
    }

    [Fact]
    public async Task Link_scanners_checking_with_HEAD_get_200_without_counting_as_an_opening_and_busy_day_errors_are_about_days()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1);
        var token = await host.TokenAsync("u0001");

        using var head = await host.Client().SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri($"/u/{token}", UriKind.Relative)));
        var saturday = await host.PostJsonAsync($"/u/{token}/blackout", new FormUrlEncodedContent([new("day", "2026-12-26")]));
        var body = await saturday.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Null(await host.Query(s => s.Units["u0001"].LinkOpenedAt));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, saturday.StatusCode);
        Assert.Contains("Ngày bận: Ngày 26/12/2026 không phải ngày làm việc", JsonSerializer.Deserialize<JsonElement>(body).GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Tệp", JsonSerializer.Deserialize<JsonElement>(body).GetProperty("heading").GetString(), StringComparison.Ordinal);
    }

    private static Task<IReadOnlyList<UploadVersion>> Versions(UnitPageHost host) =>
        host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None);

    private static async Task<int> BlobsAsync(UnitPageHost host, string container)
    {
        var count = 0;
        await foreach (var _ in host.Storage.Blobs.GetBlobContainerClient(container).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{UnitPageHost.CycleId}/u0001/", CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return output.ToArray();
    }
}
