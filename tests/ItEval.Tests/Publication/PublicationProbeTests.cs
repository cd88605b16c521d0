using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Tests.Console;
using ItEval.Tests.Infrastructure;
using ItEval.Tests.UnitPage;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Publication;

/// <summary>What a black-box probe of the published results, complaints and pages sent, and what the app must answer (each failed before its fix).</summary>
public sealed class PublicationProbeTests
{
    private const string Id = UnitPageHost.CycleId;

    private static async Task<UnitPageHost> PublishedAsync(bool publish = true)
    {
        var host = await UnitPageHost.StartAsync(2, ApiKeys.Settings());
        foreach (var unitId in new[] { "u0001", "u0002" })
        {
            var token = await host.TokenAsync(unitId);
            Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(await host.FilledFormAsync(token), "phieu.xlsx"))).StatusCode);
        }

        if (publish)
        {
            await host.PublishAsync();
        }

        return host;
    }

    private static MultipartFormDataContent Complaint(string code, string reason, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(code), "criterion" }, { new StringContent(reason), "reason" } };
        foreach (var (name, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), "file", name);
        }

        return form;
    }

    private static (string, byte[]) Pdf(int n, int size = 64) => ($"tai-lieu-{n}.pdf", [.. "%PDF-1.4 "u8, .. Enumerable.Repeat((byte)('a' + n % 26), size)]);

    [Fact]
    public async Task Numbers_in_page_addresses_that_are_not_numbers_are_ignored_not_server_errors()
    {
        await using var host = await PublishedAsync();
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));

        foreach (var path in new[] { $"/results/{Id}?edition=abc", $"/results/{Id}?edition=99999999999", $"/results/{Id}?edition=1.5" })
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }

        foreach (var path in new[] { "/console?year=abc", $"/console/cycles/{Id}?page=x", $"/console/cycles/{Id}/history?page=x", $"/console/cycles/{Id}/ranking?edition=x&page=%20",
            $"/console/cycles/{Id}/ranking/u0001?edition=x", $"/console/cycles/{Id}/appraisal-review?page=-1" })
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task Before_publication_the_public_page_says_so_in_words_and_a_hash_in_capitals_is_checked()
    {
        await using var host = await PublishedAsync(publish: false);
        var before = await host.Client().GetAsync(new Uri($"/results/{Id}", UriKind.Relative));
        Assert.Equal((HttpStatusCode.NotFound, "text/html"), (before.StatusCode, before.Content.Headers.ContentType!.MediaType));
        Assert.Contains("Chưa công bố kết quả", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await host.PublishAsync();
        var sha = await host.Query(s => s.Editions[0].Files[1].Sha256);
        Assert.Contains("Tệp là bản chính thức", await host.Client().GetStringAsync(new Uri($"/results/{Id}?sha={sha.ToUpperInvariant()}", UriKind.Relative)), StringComparison.Ordinal);
        var empty = await host.Client().PostAsync(new Uri($"/results/{Id}/verify", UriKind.Relative), new MultipartFormDataContent { { new ByteArrayContent([]), "file", "x.pdf" } });
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Contains("Chưa chọn tệp", await host.Client().GetStringAsync(empty.Headers.Location), StringComparison.Ordinal);
        var ranking = await ApiKeys.Client(host.App, ApiKeys.Admin).GetFromJsonAsync<JsonElement>($"/api/cycles/{Id}/ranking?lang=EN");
        Assert.Equal(JsonValueKind.Null, ranking.GetProperty("bands").EnumerateArray().Last().GetProperty("minimum").ValueKind);
        Assert.Equal("Good", ranking.GetProperty("groups")[0].GetProperty("units")[0].GetProperty("bandName").GetString());
    }

    [Fact]
    public async Task A_complaint_refused_for_one_of_its_files_stores_nothing_and_takes_no_place()
    {
        await using var host = await PublishedAsync();
        var token = await host.TokenAsync("u0001");
        var code = await host.Query(s => s.Rubric.Leaves.First().Code);
        var unit = host.Client();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var refused = await unit.PostAsync(new Uri($"/u/{token}/complaint", UriKind.Relative),
                Complaint(code, "Có minh chứng mới", Pdf(1 + attempt * 4), Pdf(2 + attempt * 4), Pdf(3 + attempt * 4), Pdf(4 + attempt * 4), ("chuong-trinh.pdf", "MZ\u0090\u0000"u8.ToArray())));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
            Assert.Contains("không phải loại được nhận", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(await host.App.Services.GetRequiredService<ItEval.Uploads.UnitUploads>().ListAsync(Id, "u0001", CancellationToken.None), v => v.Kind == "complaint");
        var filed = await unit.PostAsync(new Uri($"/u/{token}/complaint", UriKind.Relative), Complaint(code, "Có minh chứng mới", Pdf(20), Pdf(21), Pdf(22), Pdf(23), Pdf(24)));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Equal(5, (await host.Query(s => s.Complaints.Values.Single())).Files.Count);
    }

    [Fact]
    public async Task Complaints_sent_at_once_file_one_and_tell_the_others_and_give_their_places_back()
    {
        await using var host = await PublishedAsync();
        var token = await host.TokenAsync("u0002");
        var code = await host.Query(s => s.Rubric.Leaves.First().Code);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            host.Client().PostAsync(new Uri($"/u/{token}/complaint", UriKind.Relative), Complaint(code, $"Kiến nghị song song {i}", Pdf(i * 2), Pdf(i * 2 + 1)))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Redirect), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var complaint = await host.Query(s => s.Complaints.Values.Single());
        Assert.Null((await host.Engine.HandleAsync(Id, new DecideComplaint(complaint.Id, false, "Không có minh chứng mới") { By = "admin" }, CancellationToken.None)).Refusal);
        // Places of the refused complaints' files were given back: 5 more fit within the unit's 10.
        var next = await host.Client().PostAsync(new Uri($"/u/{token}/complaint", UriKind.Relative), Complaint(code, "Lần hai", Pdf(30), Pdf(31), Pdf(32), Pdf(33), Pdf(34)));
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
    }

    [Fact]
    public async Task A_complaint_with_large_files_is_read_and_a_unknown_criterion_is_named()
    {
        await using var host = await PublishedAsync();
        var token = await host.TokenAsync("u0001");
        var code = await host.Query(s => s.Rubric.Leaves.First().Code);

        var unknown = await host.Client().PostAsync(new Uri($"/u/{token}/complaint", UriKind.Relative), new MultipartFormDataContent
        {
            { new StringContent(code), "criterion" }, { new StringContent("9.9"), "criterion" }, { new StringContent("Lý do"), "reason" },
        });
        Assert.Contains("Tiêu chí \"9.9\" không có trong bộ tiêu chí", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var large = await host.Client().PostAsync(new Uri($"/u/{token}/complaint", UriKind.Relative),
            Complaint(code, "Minh chứng là bản quét", Pdf(1, 15 << 20), Pdf(2, 15 << 20)));
        Assert.Equal(HttpStatusCode.Redirect, large.StatusCode);
    }

    [Fact]
    public async Task While_complaints_are_ranked_into_edition_2_the_unit_still_gets_its_published_sheet()
    {
        await using var host = await PublishedAsync();
        var code = await host.Query(s => s.Rubric.Leaves.First().Code);
        Assert.Null((await host.Engine.HandleAsync(Id, new Reappraise("u0002", [new ItEval.Ranking.AppraisedScore(code, 0m, "Phúc khảo", "admin", host.Time.GetUtcNow())], "Phúc khảo")
        {
            By = "admin",
        }, CancellationToken.None)).Refusal);
        Assert.Equal(CyclePhase.Ranking, await host.Query(s => s.Phase));

        var sheet = await host.Client().GetAsync(new Uri($"/u/{await host.TokenAsync("u0001")}/result.pdf", UriKind.Relative));

        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (sheet.StatusCode, sheet.Content.Headers.ContentType!.MediaType));
    }
}
