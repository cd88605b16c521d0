using System.Net;
using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Tests.Console;
using ItEval.Tests.Cycle;
using ItEval.Tests.UnitPage;

namespace ItEval.Tests.Publication;

/// <summary>Issue 24: the document header as an admin meets it in the console, and a correction as the public sees it.</summary>
public sealed class DocumentHeaderHttpTests
{
    private const string Id = UnitPageHost.CycleId;

    [Fact]
    public async Task The_publish_confirmation_shows_the_header_the_admin_corrects_it_and_the_public_page_marks_edition_1_replaced()
    {
        await using var host = await UnitPageHost.StartAsync(2);
        await host.SubmitAsync("u0001", "u0002");
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));

        // Before the first publication the header is saved as typed; a blank place is named as missing.
        var saved = await admin.PostFormAsync($"/console/cycles/{Id}/documents", "document-header", Fields(SampleCycles.Header with { Place = "" }));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var page = WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync());
        Assert.Contains("Chưa ghi địa danh", page, StringComparison.Ordinal);

        await host.PublishAsync(appraise: false);
        // The clock moved past the session's lifetime: sign in again.
        admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt2", await ConsoleClient.AccountAsync(host.App, "cntt2", Roles.Admin));
        foreach (var (unit, self) in await host.Query(s => s.Visited.Select(u => (u.Info.Id, u.SelfScores)).ToList()))
        {
            Assert.Null((await host.Engine.HandleAsync(Id, new RecordAppraisal(unit, [.. self.Select(p => new ItEval.Ranking.AppraisedScore(p.Key, p.Value, null, "tv1", host.Time.GetUtcNow()))]) { By = "tv1" }, CancellationToken.None)).Refusal);
        }

        Assert.Null((await host.Engine.HandleAsync(Id, new CloseAppraisal("Đủ") { By = "admin" }, CancellationToken.None)).Refusal);
        await host.SettleAsync();
        var ranking = WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{Id}/ranking"));
        Assert.Contains("Cần ghi trước khi công bố", ranking, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Action\" value=\"publish\"", ranking, StringComparison.Ordinal);

        await admin.PostFormAsync($"/console/cycles/{Id}/documents", "document-header", Fields(SampleCycles.Header));
        ranking = WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{Id}/ranking"));
        Assert.Contains("Lâm Đồng, ngày", ranking, StringComparison.Ordinal);
        Assert.Contains("Ủy ban nhân dân tỉnh Lâm Đồng", ranking, StringComparison.Ordinal);
        Assert.Contains("name=\"Action\" value=\"publish\"", ranking, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/console/cycles/{Id}/ranking", null,
            new() { ["Action"] = "publish", ["Confirm"] = "yes" }, $"/console/cycles/{Id}/act")).StatusCode);
        await host.SettleAsync();

        // After publication: a correction needs a reason and a confirmation, and makes the next edition.
        var unconfirmed = WebUtility.HtmlDecode(await (await admin.PostFormAsync($"/console/cycles/{Id}/documents", "document-header",
            Fields(SampleCycles.Header with { SignerName = "Trần Văn Hùng" }, "Sai họ tên người ký"))).Content.ReadAsStringAsync());
        Assert.Contains("xác nhận", unconfirmed, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await host.Query(s => s.PublishedEdition));
        var correction = Fields(SampleCycles.Header with { SignerName = "Trần Văn Hùng" }, "Sai họ tên người ký");
        correction["Input.Confirm"] = "yes";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/console/cycles/{Id}/documents", "document-header", correction)).StatusCode);
        await host.SettleAsync();
        ranking = WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{Id}/ranking"));
        Assert.Contains("Sai họ tên người ký", ranking, StringComparison.Ordinal);
        Assert.Contains("Trần Văn Hùng", ranking, StringComparison.Ordinal);
        await admin.PostFormAsync($"/console/cycles/{Id}/ranking", null, new() { ["Action"] = "publish", ["Confirm"] = "yes" }, $"/console/cycles/{Id}/act");
        await host.SettleAsync();

        var publicFirst = WebUtility.HtmlDecode(await host.Client().GetStringAsync(new Uri($"/results/{Id}?edition=1", UriKind.Relative)));
        Assert.Contains("Đã được thay thế bởi lần công bố 2", publicFirst, StringComparison.Ordinal);
        Assert.Contains("Đính chính: Sai họ tên người ký", publicFirst, StringComparison.Ordinal);
        var publicLatest = WebUtility.HtmlDecode(await host.Client().GetStringAsync(new Uri($"/results/{Id}", UriKind.Relative)));
        Assert.Contains("Đính chính: Sai họ tên người ký", publicLatest, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"note\"", publicLatest, StringComparison.Ordinal);
        Assert.Contains("(Đã được thay thế bởi lần công bố 2)", publicLatest, StringComparison.Ordinal);

        // The history says it in words, and its filter names kinds in Vietnamese, not as stored (issue 24).
        var history = WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{Id}/history"));
        Assert.Contains("đính chính văn bản công bố", history, StringComparison.Ordinal);
        Assert.Contains(">Đính chính văn bản</option>", history, StringComparison.Ordinal);
        Assert.Contains(">Công bố kết quả</option>", history, StringComparison.Ordinal);
        Assert.DoesNotMatch(">[A-Z][a-z]+[A-Z][A-Za-z]*</option>", history);
    }

    private static Dictionary<string, string> Fields(DocumentHeader header, string? reason = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.ParentAgency"] = header.ParentAgency, ["Input.IssuingAgency"] = header.IssuingAgency, ["Input.NationalTitle"] = header.NationalTitle,
            ["Input.Motto"] = header.Motto, ["Input.NumberSymbol"] = header.NumberSymbol, ["Input.Place"] = header.Place, ["Input.SignerTitle"] = header.SignerTitle,
            ["Input.SignerName"] = header.SignerName, ["Input.Recipients"] = header.Recipients,
        };
        if (reason is not null)
        {
            fields["Input.Reason"] = reason;
        }

        return fields;
    }
}
