using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Publication;
using ItEval.Tests.Console;
using ItEval.Tests.Infrastructure;
using ItEval.Tests.UnitPage;
using ItEval.Web;

namespace ItEval.Tests.Publication;

/// <summary>The appraisal workspace, the public results and complaints over HTTP, as people use them (cookies, forms, links).</summary>
public sealed class PublicationHttpTests
{
    private const string Id = UnitPageHost.CycleId;
    private const string OtherKey = "test-other-appraiser-key-0123456789";

    private static Dictionary<string, string?> Settings() => new(ApiKeys.Settings())
    {
        ["Auth:Keys:2:Name"] = "khac",
        ["Auth:Keys:2:Role"] = Roles.Appraiser,
        ["Auth:Keys:2:Sha256"] = ApiKeyAuthenticationHandler.Hash(OtherKey),
        ["Auth:Keys:2:Email"] = "khac@tinh.gov.vn",
    };

    private static string Said(HttpResponseMessage response) => ConsoleClient.Said(response);

    private static async Task<UnitPageHost> SubmittedAsync(int units = 2)
    {
        var host = await UnitPageHost.StartAsync(units, Settings());
        for (var i = 1; i <= units; i++)
        {
            var token = await host.TokenAsync($"u{i:D4}");
            Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(await host.FilledFormAsync(token, "Đã triển khai đầy đủ"), "phieu.xlsx"))).StatusCode);
        }

        return host;
    }

    /// <summary>Issue 24: one click confirms a unit's self-scores; an adjustment with its reason and a comment on a confirmed criterion stay.</summary>
    [Fact]
    public async Task Confirm_all_takes_the_self_score_of_every_blank_criterion_and_keeps_adjustments_and_comments()
    {
        await using var host = await SubmittedAsync();
        await host.PublishAsync(appraise: false);
        var member = new ConsoleClient(host.App);
        await member.SignInAsync("an", await ConsoleClient.AccountWithEmailAsync(host.App, "an", "an@tinh.gov.vn", Roles.Appraiser));
        var leaves = await host.Query(s => s.Rubric.Leaves.Select(l => l.Code).ToList());
        var self = await host.Query(s => s.Units["u0001"].SelfScores);
        const string Page = $"/appraisal/{Id}/u0001";
        Assert.Contains("Xác nhận mọi điểm tự chấm còn trống", WebUtility.HtmlDecode(await member.GetStringAsync(Page)), StringComparison.Ordinal);
        var fields = new Dictionary<string, string> { ["action"] = "confirm-all", [$"points:{leaves[0]}"] = "0", [$"reason:{leaves[0]}"] = "Không có minh chứng", [$"reason:{leaves[1]}"] = "Minh chứng tốt" };

        using (var recorded = await member.PostFormAsync(Page, null, fields, $"{Page}/scores"))
        {
            Assert.Equal("/appraisal", recorded.Headers.Location!.ToString());
        }

        var appraisals = await host.Query(s => s.Units["u0001"].Appraisals);
        Assert.Equal(leaves.Count, appraisals.Count);
        Assert.Equal((0m, "Không có minh chứng"), (appraisals[leaves[0]].Points, appraisals[leaves[0]].Reason));
        Assert.Equal((self[leaves[1]], "Minh chứng tốt"), (appraisals[leaves[1]].Points, appraisals[leaves[1]].Reason));
        Assert.All(leaves.Skip(2), code => Assert.Equal((self[code], (string?)null), (appraisals[code].Points, appraisals[code].Reason)));
    }

    /// <summary>Issue 24: the review confirms, in one action with a reason, the units no one has scored; a unit already being scored is left alone.</summary>
    [Fact]
    public async Task The_review_confirms_untouched_units_self_scores_with_the_admins_name_and_reason_and_leaves_started_ones()
    {
        await using var host = await SubmittedAsync();
        await host.PublishAsync(appraise: false);
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));
        var first = await host.Query(s => s.Rubric.Leaves.First().Code);
        var self = await host.Query(s => s.Units["u0002"].SelfScores);
        Assert.Null((await host.Engine.HandleAsync(Id, new RecordAppraisal("u0001", [new ItEval.Ranking.AppraisedScore(first, 0m, "Thiếu minh chứng", "tv1", host.Time.GetUtcNow())]) { By = "tv1" }, CancellationToken.None)).Refusal);
        var review = $"/console/cycles/{Id}/appraisal-review";
        Assert.Contains("Xác nhận điểm tự chấm của 1 đơn vị chưa chấm", WebUtility.HtmlDecode(await admin.GetStringAsync(review)), StringComparison.Ordinal);

        using var done = await admin.PostFormAsync(review, null,
            new() { ["Action"] = "confirm-unappraised", ["Reason"] = "Tổ thẩm định thống nhất không điều chỉnh", ["Confirm"] = "yes", ["Return"] = review }, $"/console/cycles/{Id}/act");

        Assert.Contains("Đã xác nhận 1 đơn vị", Said(done), StringComparison.Ordinal);
        var confirmed = await host.Query(s => s.Units["u0002"].Appraisals);
        Assert.Equal(self.Count, confirmed.Count);
        Assert.All(confirmed, a => Assert.Equal((self[a.Key], "Xác nhận điểm tự chấm: Tổ thẩm định thống nhất không điều chỉnh", "Người dùng cntt (cntt)"), (a.Value.Points, a.Value.Reason, a.Value.Appraiser)));
        Assert.Single(await host.Query(s => s.Units["u0001"].Appraisals));
    }

    [Fact]
    public async Task An_appraiser_on_the_visit_records_scores_a_refused_submission_keeps_the_draft_and_others_are_refused()
    {
        await using var host = await SubmittedAsync();
        await host.PublishAsync(appraise: false);
        var member = new ConsoleClient(host.App);
        await member.SignInAsync("an", await ConsoleClient.AccountWithEmailAsync(host.App, "an", "an@tinh.gov.vn", Roles.Appraiser));
        var stranger = new ConsoleClient(host.App);
        await stranger.SignInAsync("la", await ConsoleClient.AccountWithEmailAsync(host.App, "la", "la@tinh.gov.vn", Roles.Appraiser));
        var leaves = await host.Query(s => s.Rubric.Leaves.Select(l => l.Code).ToList());
        var self = await host.Query(s => s.Units["u0001"].SelfScores);
        const string Page = $"/appraisal/{Id}/u0001";
        Dictionary<string, string> Scores(string action, string? firstReason) => new(leaves.SelectMany(code => new[]
        {
            new KeyValuePair<string, string>($"points:{code}", code == leaves[0] ? "0" : self[code].ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new KeyValuePair<string, string>($"reason:{code}", code == leaves[0] ? firstReason ?? "" : ""),
        }))
        { ["action"] = action };

        // The visit list shows the member's visits; the page shows what the unit said.
        var visits = await member.GetStringAsync("/appraisal");
        Assert.Contains("Đơn vị số 1", visits, StringComparison.Ordinal);
        Assert.Contains("<a href=\"tel:02633822001\">(0263) 3822 001</a>", visits, StringComparison.Ordinal);
        var page = await member.GetStringAsync(Page);
        Assert.Contains("<a href=\"tel:02633822001\">", page, StringComparison.Ordinal);
        Assert.Contains("Đã triển khai đầy đủ", page, StringComparison.Ordinal);
        Assert.Contains("Ghi nhận kết quả thẩm định", page, StringComparison.Ordinal);

        using (var refused = await member.PostFormAsync(Page, null, Scores("submit", null), $"{Page}/scores"))
        {
            Assert.Contains("cần ghi lý do điều chỉnh", Said(refused), StringComparison.Ordinal);
        }

        Assert.Empty(await host.Query(s => s.Units["u0001"].Appraisals));
        Assert.Contains("bản nháp lưu lúc", await member.GetStringAsync(Page), StringComparison.Ordinal);
        // What was typed is still there: the first criterion (yes/no in this rubric) shows "no", not the self-score.
        Assert.Matches($"name=\"points:{System.Text.RegularExpressions.Regex.Escape(leaves[0])}\"[^>]*>(?:<option[^>]*>[^<]*</option>)*<option value=\"0\" selected>",
            await member.GetStringAsync(Page));
        using (var draft = await member.PostFormAsync(Page, null, Scores("draft", "Chưa rõ"), $"{Page}/scores"))
        {
            Assert.Contains("Đã lưu bản nháp", Said(draft), StringComparison.Ordinal);
        }

        Assert.Contains("Chưa rõ</textarea>", await member.GetStringAsync(Page), StringComparison.Ordinal);
        using (var wrongPerson = await stranger.PostFormAsync(Page, null, Scores("submit", "Không có minh chứng"), $"{Page}/scores"))
        {
            Assert.Contains("không thuộc tổ thẩm định", Said(wrongPerson), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Http.GetAsync(new Uri($"/appraisal/{Id}/u0001/files/v1", UriKind.Relative))).StatusCode);
        // A post from another site (no anti-forgery token) records nothing, even with the member's cookie.
        using (var forged = await member.Http.PostAsync(new Uri($"{Page}/scores", UriKind.Relative), new FormUrlEncodedContent(Scores("submit", "Giả mạo"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Empty(await host.Query(s => s.Units["u0001"].Appraisals));
        using (var recorded = await member.PostFormAsync(Page, null, Scores("submit", "Không có minh chứng"), $"{Page}/scores"))
        {
            Assert.Equal("/appraisal", recorded.Headers.Location!.ToString());
        }

        var appraised = await host.Query(s => s.Units["u0001"].Appraisals[leaves[0]]);
        Assert.Equal((0m, "Không có minh chứng", "Người dùng an (an)"), (appraised.Points, appraised.Reason, appraised.Appraiser));
        Assert.DoesNotContain("bản nháp lưu lúc", await member.GetStringAsync(Page), StringComparison.Ordinal);

        // Through the API: the key of a team member on the visit, and one whose email is no member.
        using var api = ApiKeys.Client(host.App, ApiKeys.Appraiser);
        using var other = ApiKeys.Client(host.App, OtherKey);
        var body = new { unitId = "u0002", scores = self.Select(p => new { code = p.Key, points = p.Value }) };
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/cycles/{Id}/events/appraisal", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/cycles/{Id}/events/appraisal", body)).StatusCode);
        Assert.Equal(CyclePhase.Appraising, await host.Query(s => s.Phase));
    }

    [Fact]
    public async Task Published_results_are_public_with_their_documents_and_a_copy_is_checked_byte_for_byte()
    {
        await using var host = await SubmittedAsync();
        var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/results/{Id}", UriKind.Relative))).StatusCode);
        await host.PublishAsync();

        var page = await anonymous.GetStringAsync(new Uri($"/results/{Id}", UriKind.Relative));
        var edition = await host.Query(s => s.Editions[0]);
        Assert.Contains("Đơn vị số 2", page, StringComparison.Ordinal);
        Assert.Contains(edition.Sha256!, page, StringComparison.Ordinal);
        Assert.Equal(3, edition.Files.Count);
        var pdf = await anonymous.GetByteArrayAsync(new Uri($"/results/{Id}/editions/1/{RankingPdf.FileName}", UriKind.Relative));
        Assert.Equal(edition.Files.Single(f => f.Name == RankingPdf.FileName).Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/results/{Id}/editions/1/..%2F..%2Fsecret", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/results/{Id}/editions/2/{RankingPdf.FileName}", UriKind.Relative))).StatusCode);

        async Task<HttpResponseMessage> Check(byte[] file, bool json)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "ban-sao.pdf" } };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/results/{Id}/verify", UriKind.Relative)) { Content = form };
            if (json)
            {
                request.Headers.Accept.ParseAdd("application/json");
            }

            return await anonymous.SendAsync(request);
        }

        var official = await Check(pdf, json: false);
        Assert.Equal(HttpStatusCode.Redirect, official.StatusCode);
        Assert.Contains("Tệp là bản chính thức: Thông báo kết quả (PDF) của lần công bố 1", await anonymous.GetStringAsync(official.Headers.Location), StringComparison.Ordinal);
        var altered = pdf.ToArray();
        altered[altered.Length / 2] ^= 1;
        var answer = await (await Check(altered, json: true)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("official").GetBoolean());
        Assert.True((await (await Check(pdf, json: true)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("official").GetBoolean());
        // Not a file: a person is sent back to the page, which says what to do; a program gets 400.
        Assert.EndsWith("?verify=nofile#verify", (await anonymous.PostAsync(new Uri($"/results/{Id}/verify", UriKind.Relative), new StringContent("x"))).Headers.Location!.ToString(), StringComparison.Ordinal);
        using var notFile = new HttpRequestMessage(HttpMethod.Post, new Uri($"/results/{Id}/verify", UriKind.Relative)) { Content = new StringContent("x") };
        notFile.Headers.Accept.ParseAdd("application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.SendAsync(notFile)).StatusCode);

        // The team's API gives the same ranking with its edition and hash.
        var ranking = await ApiKeys.Client(host.App, ApiKeys.Appraiser).GetFromJsonAsync<JsonElement>($"/api/cycles/{Id}/ranking");
        Assert.Equal(edition.Sha256, ranking.GetProperty("edition").GetProperty("sha256").GetString());
        Assert.Equal(2, ranking.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("units").GetArrayLength()));
    }

    [Fact]
    public async Task A_unit_complains_through_its_link_the_admin_accepts_and_edition_2_changes_its_result()
    {
        await using var host = await SubmittedAsync();
        await host.PublishAsync();
        var token = await host.TokenAsync("u0001");
        var code = await host.Query(s => s.Rubric.Leaves.First().Code);
        var unit = host.Client();
        var sheet = await unit.GetAsync(new Uri($"/u/{token}/result.pdf", UriKind.Relative));
        Assert.Equal(("application/pdf", HttpStatusCode.OK), (sheet.Content.Headers.ContentType!.MediaType, sheet.StatusCode));

        HttpContent Complaint(string reason) => new MultipartFormDataContent
        {
            { new StringContent(code), "criterion" }, { new StringContent(reason), "reason" },
            { new ByteArrayContent("%PDF-1.4 minh chung"u8.ToArray()), "file", "minh-chung.pdf" },
        };

        var filed = await unit.PostAsync(new Uri($"/u/{token}/complaint", UriKind.Relative), Complaint("Đã có quyết định ban hành từ tháng 10"));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Contains("Đang chờ xem xét", await unit.GetStringAsync(filed.Headers.Location), StringComparison.Ordinal);
        var again = await unit.PostAsync(new Uri($"/u/{token}/complaint", UriKind.Relative), Complaint("Thêm một kiến nghị"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("đang chờ xem xét", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var complaint = await host.Query(s => s.Complaints.Values.Single());
        Assert.Single(complaint.Files);

        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));
        using (var decided = await admin.PostFormAsync($"/console/cycles/{Id}/complaints", null, new()
        {
            ["Action"] = "decide-complaint", ["ComplaintId"] = complaint.Id, ["Decision"] = "accept", ["Reason"] = "Chấp nhận, thẩm định lại", ["Confirm"] = "yes",
            ["Return"] = $"/console/cycles/{Id}/complaints",
        }, $"/console/cycles/{Id}/act"))
        {
            Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        }

        var page = $"/appraisal/{Id}/u0001?complaint={complaint.Id}";
        var leaves = await host.Query(s => s.Rubric.Leaves.Select(l => l.Code).ToList());
        using (var reappraised = await admin.PostFormAsync(page, null, new()
        {
            ["complaint"] = complaint.Id, ["overall"] = "Phúc khảo theo kiến nghị", ["action"] = "submit", [$"points:{code}"] = "0", [$"reason:{code}"] = "Minh chứng không hợp lệ",
        }, $"/appraisal/{Id}/u0001/scores"))
        {
            Assert.Equal(HttpStatusCode.Redirect, reappraised.StatusCode);
        }

        Assert.Equal(ComplaintStatus.Reappraised, await host.Query(s => s.Complaints[complaint.Id].Status));
        Assert.Equal(leaves.Count, await host.Query(s => s.Units["u0001"].Appraisals.Count));
        await host.SettleAsync();
        Assert.Contains("cập nhật sau khi phúc khảo", await unit.GetStringAsync(new Uri($"/u/{token}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Null((await host.Engine.HandleAsync(Id, new PublishResults { By = "admin" }, CancellationToken.None)).Refusal);
        await host.SettleAsync();

        Assert.Equal(2, await host.Query(s => s.PublishedEdition));
        Assert.Contains(">2<", await unit.GetStringAsync(new Uri($"/u/{token}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("Lần công bố 2", await admin.GetStringAsync($"/console/cycles/{Id}/ranking"), StringComparison.Ordinal);
        Assert.Contains("đã phúc khảo", await admin.GetStringAsync($"/console/cycles/{Id}/complaints"), StringComparison.Ordinal);
        // The history says it in words: who complained about what, who decided, the hashes of both editions.
        var history = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{Id}/history"));
        Assert.Contains($"Đơn vị số 1 gửi kiến nghị {complaint.Id} về tiêu chí {code}: lý do “Đã có quyết định ban hành từ tháng 10”", history, StringComparison.Ordinal);
        Assert.Contains($"chấp nhận kiến nghị {complaint.Id} của Đơn vị số 1: lý do “Chấp nhận, thẩm định lại”", history, StringComparison.Ordinal);
        Assert.Contains($"công bố kết quả (lần 2), mã SHA-256 của nội dung {await host.Query(s => s.Editions[1].Sha256)}", history, StringComparison.Ordinal);
    }
}
