using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Uploads;
using Microsoft.Extensions.DependencyInjection;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.UnitPage;

public sealed class EvidenceBlackoutAndResultTests
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, .. new byte[2000]];

    [Fact]
    public void Evidence_names_lose_diacritics_paths_and_spaces_but_keep_their_type()
    {
        Assert.Equal("Bao-cao-ha-tang-2026.pdf", EvidenceFiles.SafeName("Báo cáo  hạ tầng (2026).PDF"));
        Assert.Equal("Quyet-dinh-so-12.docx", EvidenceFiles.SafeName(@"C:\Users\x\Đ\Quyết định số 12.docx"));
        Assert.Equal("passwd", EvidenceFiles.SafeName("../../etc/passwd"));
        Assert.Equal("tep.png", EvidenceFiles.SafeName("***.png"));
        Assert.Equal("application/pdf", EvidenceFiles.ContentType("a.pdf", Pdf));
        Assert.Null(EvidenceFiles.ContentType("virus.pdf", "MZ\x90\0"u8));
        Assert.Null(EvidenceFiles.ContentType("script.js", "%PDF-"u8));
    }

    [Fact]
    public async Task Evidence_is_stored_under_a_safe_name_per_criterion_and_wrong_types_sizes_or_criteria_are_refused()
    {
        await using var host = await UnitPageHost.StartAsync(settings: new Dictionary<string, string?> { ["Uploads:MaxEvidenceBytes"] = "10000" });
        var token = await host.TokenAsync("u0001");
        var criterion = host.Rubric.Leaves.First().Code;

        var ok = await host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File(Pdf, "Báo cáo hạ tầng.pdf", ("criterion", criterion)));
        var exe = await host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File("MZ\x90\0 not a pdf"u8.ToArray(), "bao-cao.pdf"));
        var big = await host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File([.. "%PDF-"u8, .. new byte[20000]], "lon.pdf"));
        var unknown = await host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File(Pdf, "a.pdf", ("criterion", "Z.99")));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, exe.StatusCode);
        Assert.Contains("không phải loại được nhận", await exe.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        var evidence = Assert.Single(await host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None));
        Assert.Equal((UploadKinds.Evidence, criterion, "Báo cáo hạ tầng.pdf"), (evidence.Kind, evidence.CriterionCode, evidence.FileName));
        Assert.EndsWith("-Bao-cao-ha-tang.pdf", evidence.BlobName, StringComparison.Ordinal);
        var blob = await host.Storage.Blobs.GetBlobContainerClient(host.Storage.Names.EvidenceContainer).GetBlobClient(evidence.BlobName).DownloadContentAsync();
        Assert.Equal(Pdf, blob.Value.Content.ToArray());
        Assert.Contains("Báo cáo hạ tầng.pdf", await host.Client().GetStringAsync(new Uri($"/u/{token}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Busy_days_from_the_page_keep_the_visit_off_them_and_the_published_result_shows_on_the_page()
    {
        await using var host = await UnitPageHost.StartAsync(units: 2);
        var tokens = new[] { await host.TokenAsync("u0001"), await host.TokenAsync("u0002") };
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(await host.FilledFormAsync(token), "phieu.xlsx"))).StatusCode);
        }

        // Unit 1 would get the first working day (21/12) and unit 2 the same day; unit 1 is busy on 21 and 22 December.
        var busy = new FormUrlEncodedContent([new("day", "2026-12-21"), new("day", "2026-12-22")]);
        var saved = await host.Client().PostAsync(new Uri($"/u/{tokens[0]}/blackout", UriKind.Relative), busy);
        var outside = await host.Client().PostAsync(new Uri($"/u/{tokens[1]}/blackout", UriKind.Relative), new FormUrlEncodedContent([new("day", "2027-03-01")]));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("saved=1", saved.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        Assert.Contains("nằm ngoài thời gian thẩm định", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = await host.Admin().GetFromJsonAsync<JsonElement>($"/api/cycles/{UnitPageHost.CycleId}");
        Assert.Equal(["2026-12-21", "2026-12-22"], status.GetProperty("units")[0].GetProperty("blackoutDates").EnumerateArray().Select(d => d.GetString()));

        await host.AdvanceToAsync(Vn(2026, 12, 16, 9));
        var visits = await host.Query(s => s.Units.Values.ToDictionary(u => u.Info.Id, u => u.Visit!.Day));
        Assert.Equal(new DateOnly(2026, 12, 23), visits["u0001"]);
        Assert.Equal(new DateOnly(2026, 12, 21), visits["u0002"]);
        var page = await host.Client().GetStringAsync(new Uri($"/u/{tokens[0]}", UriKind.Relative));
        Assert.Contains("Tổ thẩm định làm việc với đơn vị ngày T4 23/12/2026", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await host.Client().PostAsync(new Uri($"/u/{tokens[0]}/blackout", UriKind.Relative), new FormUrlEncodedContent([new("day", "2026-12-24")]))).StatusCode);

        var first = host.Rubric.Leaves.First();
        foreach (var unit in new[] { "u0001", "u0002" })
        {
            var self = await host.Query(s => s.Units[unit].SelfScores);
            var scores = host.Rubric.Leaves.Select(l => l == first && unit == "u0001"
                ? new AppraisedScore(l.Code, 0m, "Không có văn bản minh chứng", "tv1", host.Time.GetUtcNow())
                : new AppraisedScore(l.Code, self[l.Code], null, "tv1", host.Time.GetUtcNow())).ToList();
            Assert.Null((await host.Engine.HandleAsync(UnitPageHost.CycleId, new RecordAppraisal(unit, scores) { By = "tv1" }, CancellationToken.None)).Refusal);
        }

        Assert.Null((await host.Engine.HandleAsync(UnitPageHost.CycleId, new CloseAppraisal("Đã thẩm định đủ") { By = "admin" }, CancellationToken.None)).Refusal);
        await host.SettleAsync();
        Assert.DoesNotContain("id=\"result\"", await host.Client().GetStringAsync(new Uri($"/u/{tokens[0]}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Null((await host.Engine.HandleAsync(UnitPageHost.CycleId, new PublishResults { By = "admin" }, CancellationToken.None)).Refusal);

        var result = await host.Client().GetStringAsync(new Uri($"/u/{tokens[0]}", UriKind.Relative));
        var english = await host.Client().GetStringAsync(new Uri($"/u/{tokens[0]}?lang=en", UriKind.Relative));
        Assert.Contains("id=\"result\"", result, StringComparison.Ordinal);
        Assert.Contains("Không có văn bản minh chứng", result, StringComparison.Ordinal);
        Assert.Matches("Xếp hạng trong khối \\(so\\): <strong>2</strong>", result);
        Assert.Contains("Rank in group", english, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
    }
}
