using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using ItEval.Uploads;
using Microsoft.Extensions.DependencyInjection;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.UnitPage;

/// <summary>Uploads through the link on Azurite: kept with their hash, validated, recorded on the cycle.</summary>
public sealed class FormUploadTests
{
    [Fact]
    public async Task A_valid_form_is_stored_under_its_hash_listed_and_recorded_on_the_cycle_by_the_unit()
    {
        await using var host = await UnitPageHost.StartAsync();
        var token = await host.TokenAsync("u0001");
        var form = await host.FilledFormAsync(token);

        var response = await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(form, "Phiếu đánh giá.xlsx"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("accepted").GetBoolean());
        var sha = Convert.ToHexStringLower(SHA256.HashData(form));
        var version = Assert.Single(await host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None));
        Assert.Equal((sha, form.LongLength, true, "Phiếu đánh giá.xlsx", host.Storage.Names.FormsContainer), (version.Sha256, version.Size, version.Accepted, version.FileName, version.Container));
        Assert.Equal($"{UnitPageHost.CycleId}/u0001/20261201T020000000Z-{sha}.xlsx", version.BlobName);
        var stored = await host.Storage.Blobs.GetBlobContainerClient(version.Container).GetBlobClient(version.BlobName).DownloadContentAsync();
        Assert.Equal(form, stored.Value.Content.ToArray());
        Assert.Equal((version.Id, false), await host.Query(s => (s.Units["u0001"].SubmissionId, s.Units["u0001"].Late)));
        var history = await host.App.Services.GetRequiredService<CycleStore>().ReadAsync(UnitPageHost.CycleId, 0, CancellationToken.None);
        Assert.Equal("unit:U0001", Assert.Single(history, e => e.Event is SubmissionRecorded).Event.By);
        var page = await host.Client().GetStringAsync(new Uri($"/u/{token}", UriKind.Relative));
        Assert.Contains(sha[..12], page, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"n\">{form.Length / 1024} KB</td>", page, StringComparison.Ordinal);
        Assert.Contains("Đang dùng", page, StringComparison.Ordinal);
        Assert.Equal(form, await host.Client().GetByteArrayAsync(new Uri($"/u/{token}/files/{version.Id}", UriKind.Relative)));
        var other = await host.Client().GetAsync(new Uri($"/u/{await host.TokenAsync("u0002")}/files/{version.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var listed = await host.Admin().GetFromJsonAsync<JsonElement>($"/api/cycles/{UnitPageHost.CycleId}/units/u0001/uploads");
        Assert.Equal(sha, listed[0].GetProperty("sha256").GetString());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await host.Client().GetAsync(new Uri($"/api/cycles/{UnitPageHost.CycleId}/units/u0001/uploads", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_bad_form_gets_its_cells_named_is_kept_in_quarantine_and_changes_nothing_on_the_cycle()
    {
        await using var host = await UnitPageHost.StartAsync();
        var token = await host.TokenAsync("u0001");
        var (bad, cell) = UnitPageHost.Spoil(await host.FilledFormAsync(token), host.Rubric);

        var response = await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(bad, "phieu.xlsx"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var english = await host.PostJsonAsync($"/u/{token}/form?lang=en", UnitPageHost.File(bad, "phieu.xlsx"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.False(body.GetProperty("accepted").GetBoolean());
        Assert.Contains(body.GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith($"Ô {cell}:", StringComparison.Ordinal));
        // Issue 24: the message also names the criterion and what the cell takes.
        var leaf = host.Rubric.Leaves.First();
        var said = body.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).First(p => p.StartsWith($"Ô {cell}:", StringComparison.Ordinal));
        Assert.Contains($"tiêu chí {leaf.Code}", said, StringComparison.Ordinal);
        Assert.Contains(leaf.Name.Vi.Length > 80 ? leaf.Name.Vi[..77] : leaf.Name.Vi, said, StringComparison.Ordinal);
        Assert.Matches("(từ 0 đến|Có .*hoặc Không|chọn một mức)", said);
        Assert.Contains($"Cell {cell}:", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var versions = await host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None);
        Assert.All(versions, v => Assert.Equal((false, host.Storage.Names.QuarantineContainer), (v.Accepted, v.Container)));
        Assert.True((await host.Storage.Blobs.GetBlobContainerClient(versions[0].Container).GetBlobClient(versions[0].BlobName).ExistsAsync()).Value);
        Assert.False(await host.Query(s => s.Units["u0001"].Submitted));

        // Without JavaScript the page itself answers, with the same problems.
        var plain = await host.Client().PostAsync(new Uri($"/u/{token}/form", UriKind.Relative), UnitPageHost.File(bad, "phieu.xlsx"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        Assert.Contains($"Ô {cell}:", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A refused form is kept but is not "Đã gửi phiếu" on the unit's steps (issue 24).
        var page = System.Net.WebUtility.HtmlDecode(await host.Client().GetStringAsync(new Uri($"/u/{token}", UriKind.Relative)));
        Assert.Matches("<li class=\"todo\"><span class=\"mark\" aria-hidden=\"true\">○</span> Đã gửi phiếu", page);
        // Counted in the reader's words: "(1 lỗi)", "(1 problem)", never "problem(s)".
        Assert.Matches(@"\(\d+ lỗi\)", page);
        var englishPage = System.Net.WebUtility.HtmlDecode(await host.Client().GetStringAsync(new Uri($"/u/{token}?lang=en", UriKind.Relative)));
        Assert.Matches(@"\((1 problem|\d+ problems)\)", englishPage);
        Assert.DoesNotContain("problem(s)", englishPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unit_As_form_sent_through_unit_Bs_link_is_refused_as_another_units_form()
    {
        await using var host = await UnitPageHost.StartAsync();
        var formOfA = await host.FilledFormAsync(await host.TokenAsync("u0001"));

        var response = await host.PostJsonAsync($"/u/{await host.TokenAsync("u0002")}/form", UnitPageHost.File(formOfA, "phieu.xlsx"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.False(await host.Query(s => s.Units["u0001"].Submitted || s.Units["u0002"].Submitted));
        Assert.Empty(await host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_uploads_of_one_unit_keep_every_version_and_exactly_one_current()
    {
        await using var host = await UnitPageHost.StartAsync();
        var token = await host.TokenAsync("u0003");
        var forms = new List<byte[]>();
        for (var i = 0; i < 6; i++)
        {
            forms.Add(await host.FilledFormAsync(token, $" (bản {i})"));
        }

        var responses = await Task.WhenAll(forms.Select(f => host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(f, "phieu.xlsx"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var versions = await host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0003", CancellationToken.None);
        Assert.Equal(forms.Select(f => Convert.ToHexStringLower(SHA256.HashData(f))).Order(), versions.Select(v => v.Sha256).Order());
        var (current, count) = await host.Query(s => (s.Units["u0003"].SubmissionId, s.Units["u0003"].Submissions));
        Assert.Equal(6, count);
        Assert.Contains(current, versions.Select(v => v.Id));
        var blobs = host.Storage.Blobs.GetBlobContainerClient(host.Storage.Names.FormsContainer).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{UnitPageHost.CycleId}/u0003/", CancellationToken.None);
        var stored = 0;
        await foreach (var _ in blobs)
        {
            stored++;
        }

        Assert.Equal(6, stored);
        var page = await host.Client().GetStringAsync(new Uri($"/u/{token}", UriKind.Relative));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(page, "class=\"current\""));
    }

    [Fact]
    public async Task After_the_deadline_the_page_is_read_only_until_the_admin_reopens_and_then_uploads_are_late()
    {
        await using var host = await UnitPageHost.StartAsync();
        var token = await host.TokenAsync("u0001");
        var form = await host.FilledFormAsync(token);
        await host.AdvanceToAsync(Vn(2026, 12, 16, 7));

        var page = await host.Client().GetStringAsync(new Uri($"/u/{token}", UriKind.Relative));
        var closed = await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(form, "phieu.xlsx"));
        Assert.Contains("Đã quá hạn nộp (15/12/2026)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"form-upload\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Contains("liên hệ bộ phận CNTT", await closed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await host.Engine.HandleAsync(UnitPageHost.CycleId, new ReopenUnit("u0001", new DateOnly(2026, 12, 18), "Đơn vị gặp sự cố mạng") { By = "admin" }, CancellationToken.None);
        var late = await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(form, "phieu.xlsx"));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.True((await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetProperty("late").GetBoolean());
        Assert.True(await host.Query(s => s.Units["u0001"].Late));
        Assert.Contains("nộp muộn", await host.Client().GetStringAsync(new Uri($"/u/{token}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_cycle_is_suspended_uploads_wait_and_the_page_says_why()
    {
        await using var host = await UnitPageHost.StartAsync();
        var token = await host.TokenAsync("u0001");
        var form = await host.FilledFormAsync(token);
        await host.Engine.HandleAsync(UnitPageHost.CycleId, new SuspendCycle("Chờ điều chỉnh bộ tiêu chí") { By = "admin" }, CancellationToken.None);

        var paused = await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(form, "phieu.xlsx"));
        Assert.Equal(HttpStatusCode.Conflict, paused.StatusCode);
        Assert.Contains("đang tạm dừng", await paused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None));

        await host.Engine.HandleAsync(UnitPageHost.CycleId, new ResumeCycle { By = "admin" }, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(form, "phieu.xlsx"))).StatusCode);
    }

    [Fact]
    public async Task When_storage_fails_the_unit_is_told_to_retry_and_nothing_is_recorded()
    {
        await using var host = await UnitPageHost.StartAsync();
        var token = await host.TokenAsync("u0001");
        var form = await host.FilledFormAsync(token);
        await host.Storage.Blobs.GetBlobContainerClient(host.Storage.Names.FormsContainer).DeleteAsync();

        var script = await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(form, "phieu.xlsx"));
        var plain = await host.Client().PostAsync(new Uri($"/u/{token}/form", UriKind.Relative), UnitPageHost.File(form, "phieu.xlsx"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, script.StatusCode);
        Assert.Contains("Hệ thống lưu trữ đang gặp sự cố", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, plain.StatusCode);
        Assert.Contains("thử lại sau ít phút", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await host.Query(s => s.Units["u0001"].Submitted));
        Assert.Empty(await host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_or_a_post_without_a_file_is_refused_with_a_clear_message()
    {
        await using var host = await UnitPageHost.StartAsync(settings: new Dictionary<string, string?> { ["Forms:MaxFileBytes"] = "1000" });
        var token = await host.TokenAsync("u0001");

        var large = await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(new byte[5000], "phieu.xlsx"));
        var none = await host.PostJsonAsync($"/u/{token}/form", new MultipartFormDataContent { { new StringContent("x"), "other" } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("lớn hơn giới hạn", await large.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("Chưa chọn tệp", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Issue 25: a 60 MB upload is over the server's own request limit; the unit is told the form's limit, not "no file".</summary>
    [Fact]
    public async Task A_60_MB_upload_through_the_real_server_is_refused_with_the_size_limit()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1, kestrel: true);
        var token = await host.TokenAsync("u0001");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/u/{token}/form") { Content = UnitPageHost.File(new byte[60 * 1024 * 1024], "phieu.xlsx") };
        request.Headers.Accept.ParseAdd("application/json");
        // The server answers before the body is sent (as a browser's early-response handling sees it); without
        // 100-continue this client would keep writing into a connection the server has closed.
        request.Headers.ExpectContinue = true;

        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Contains("Tệp lớn hơn giới hạn 5 MB", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await host.App.Services.GetRequiredService<UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task When_table_storage_is_down_a_genuine_link_gets_a_plain_503_page_not_an_error(int retries)
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        using var dead = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        dead.Start();
        var deadPort = ((IPEndPoint)dead.LocalEndpoint).Port;
        dead.Stop();
        var key = RandomNumberGenerator.GetBytes(32);
        await using var app = new ItEvalApp(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = System.Text.RegularExpressions.Regex.Replace(storage.ConnectionString, @"TableEndpoint=http://127\.0\.0\.1:\d+", $"TableEndpoint=http://127.0.0.1:{deadPort}"),
            ["Storage:Prefix"] = storage.Names.Prefix,
            ["Storage:MaxRetries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Links:SigningKey"] = Convert.ToBase64String(key),
        });
        var token = new ItEval.Links.UnitLinks(key, "x").Token(new ItEval.Links.LinkClaims("u0001", "c", ItEval.Links.UnitLinks.UploadPurpose, app.Clock.GetUtcNow().AddDays(1)));

        var response = await app.CreateClient().GetAsync(new Uri($"/u/{token}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Hãy thử lại sau ít phút", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
