using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using ItEval.Web;
using Microsoft.Extensions.DependencyInjection;
using ItEval.Engine;

namespace ItEval.Tests.Web;

public sealed class CycleApiTests
{
    private const string AdminKey = ApiKeys.Admin;
    private const string AppraiserKey = ApiKeys.Appraiser;

    private static ItEvalApp App(TestStorage storage) => ItEvalApp.On(storage, ApiKeys.Settings());

    private static HttpClient Client(ItEvalApp app, string? key) => ApiKeys.Client(app, key);

    private static object Body(string id, string rosterCsv) => new
    {
        id,
        year = 2026,
        name = "Đánh giá năm 2026",
        rubric = "departments-districts",
        deadline = "2026-12-15",
        appraisalStart = "2026-12-21",
        appraisalEnd = "2027-01-29",
        visitsPerDay = 4,
        adminEmails = new[] { "cntt@tinh.gov.vn" },
        team = new[] { new { id = "tv1", name = "Nguyễn Văn An", email = "an@tinh.gov.vn" } },
        rosterCsv,
    };

    private const string Roster = "code,name,rankingGroup,district,emails\nSTTTT,Sở Thông tin và Truyền thông,so,tp,vp@stttt.gov.vn\nSXD,Sở Xây dựng,so,tp,vp@sxd.gov.vn;ld@sxd.gov.vn\nHU1,Huyện ủy A,huyen,a,hu@a.gov.vn\n";

    [Fact]
    public async Task Calls_without_a_key_or_with_a_wrong_one_get_401_and_appraisers_get_403_on_admin_actions()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = App(storage);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(app, null).GetAsync(new Uri("/api/cycles", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(app, "forged").GetAsync(new Uri("/api/cycles", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(app, AppraiserKey).PostAsJsonAsync("/api/cycles", Body("c", Roster))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(app, AdminKey).GetAsync(new Uri("/api/cycles", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_roster_with_bad_rows_is_refused_with_every_line_named()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = App(storage);

        var response = await Client(app, AdminKey).PostAsJsonAsync("/api/cycles", Body("c", Roster + "bad code,,so,x,not-an-email\nSXD,Trùng,so,x,a@b.vn\n"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problems = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("Dòng 5: mã đơn vị \"bad code\" không hợp lệ (chữ, số, - _ .) / unit code \"bad code\" is not valid (letters, digits, - _ .)", problems);
        Assert.Contains("Dòng 5: thiếu tên đơn vị / the unit name is missing", problems);
        Assert.Contains("Dòng 5: email \"not-an-email\" không hợp lệ / email \"not-an-email\" is not valid", problems);
        Assert.Contains("Dòng 6: mã đơn vị \"SXD\" bị trùng / unit code \"SXD\" is repeated", problems);
    }

    [Fact]
    public async Task Create_start_status_submission_history_and_a_409_that_names_the_phase()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = App(storage);
        var admin = Client(app, AdminKey);

        var created = await admin.PostAsJsonAsync("/api/cycles", Body("nam-2026", Roster));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/cycles", Body("nam-2026", Roster))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri("/api/cycles/nam-2026/start", UriKind.Relative), null)).StatusCode);
        await app.SettleAsync();

        var status = await admin.GetFromJsonAsync<JsonElement>("/api/cycles/nam-2026");
        Assert.Equal("Collecting", status.GetProperty("phase").GetString());
        Assert.Equal(3, status.GetProperty("counts").GetProperty("not-submitted").GetInt32());

        var early = await admin.PostAsJsonAsync("/api/cycles/nam-2026/close-appraisal", new { reason = "x" });
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("Collecting", problem.GetProperty("phase").GetString());
        Assert.Equal("Không thể kết thúc thẩm định khi kỳ đánh giá đang ở giai đoạn thu phiếu tự đánh giá.", problem.GetProperty("detail").GetString());

        var sample = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "samples", "self-assessment.json"))
            .Replace("\"cycleId\": \"2026\"", "\"cycleId\": \"nam-2026\"", StringComparison.Ordinal)
            .Replace("\"unitId\": \"so-tttt\"", "\"unitId\": \"STTTT\"", StringComparison.Ordinal);
        var submitted = await admin.PostAsync(new Uri("/api/cycles/nam-2026/events/submission", UriKind.Relative), new StringContent(sample, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var wrong = await admin.PostAsync(new Uri("/api/cycles/nam-2026/events/submission", UriKind.Relative),
            new StringContent(sample.Replace("\"answer\": 3,", "\"answer\": 30,", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);

        var page = await admin.GetFromJsonAsync<JsonElement>("/api/cycles/nam-2026/history?page=1&pageSize=3");
        Assert.Equal(["CycleCreated", "CycleStarted", "UnitsAnnounced"], page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("cntt-admin", page.GetProperty("items")[0].GetProperty("by").GetString());
        var next = await admin.GetFromJsonAsync<JsonElement>("/api/cycles/nam-2026/history?page=2&pageSize=3");
        Assert.Equal(["CollectingOpened", "SubmissionRecorded"], next.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/cycles?phase=collecting&year=2026");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Two_concurrent_conflicting_commands_never_both_apply()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var one = App(storage);
        await using var two = App(storage);
        Assert.Equal(HttpStatusCode.Created, (await Client(one, AdminKey).PostAsJsonAsync("/api/cycles", Body("ky-c", Roster))).StatusCode);

        // Two admins on two instances terminate at the same moment: one wins, the other is told the phase changed.
        var results = await Task.WhenAll(
            Client(one, AdminKey).PostAsJsonAsync("/api/cycles/ky-c/terminate", new { reason = "Hủy kỳ (1)" }),
            Client(two, AdminKey).PostAsJsonAsync("/api/cycles/ky-c/terminate", new { reason = "Hủy kỳ (2)" }));

        var history = await Client(one, AdminKey).GetFromJsonAsync<JsonElement>("/api/cycles/ky-c/history");
        var types = history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["CycleCreated", "CycleTerminated"], types);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
    }
}
