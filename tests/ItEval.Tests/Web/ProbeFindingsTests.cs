using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Web;

/// <summary>What a black-box probe of the API sent, and what the app must answer (each failed before its fix).</summary>
public sealed class ProbeFindingsTests
{
    private static JsonObject Cycle(string id = "probe-2026") => JsonSerializer.SerializeToNode(new
    {
        id,
        year = 2026,
        name = "Đánh giá năm 2026",
        rubric = "departments-districts",
        deadline = "2026-12-15",
        appraisalStart = "2026-12-21",
        appraisalEnd = "2027-01-29",
        rosterCsv = "code,name,rankingGroup,district,emails\nSTTTT,Sở Thông tin và Truyền thông,so,tp,vp@stttt.gov.vn\nHU-A,Huyện ủy A,huyen,a,hu@a.gov.vn\n",
    })!.AsObject();

    private static async Task<(ItEvalApp App, HttpClient Admin, TestStorage Storage)> StartAsync()
    {
        var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var app = ItEvalApp.On(storage, ApiKeys.Settings());
        return (app, ApiKeys.Client(app, ApiKeys.Admin), storage);
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "rankingGroups", """{"so": null}""", "rankingGroups" },
        { "name", JsonSerializer.Serialize(new string('x', 40_000)), "Tên kỳ đánh giá" },
        { "year", "0", "Năm 0" },
        { "deadline", "\"0001-01-01\"", "Các ngày phải" },
        { "deadline", "\"2026-11-01\"", "đã qua" },
        { "appraisalEnd", "\"9999-12-31\"", "Các ngày phải" },
        { "reminderDays", "[100000]", "Nhắc hạn" },
        { "visitsPerDay", "2147483647", "Số buổi" },
        { "method", "99", "" },
        { "tieBreakerGroups", """["nope"]""", "nope" },
        { "units", """[{"id":"A","code":"A","name":"A","rankingGroup":"so","district":"x","emails":["a@b.vn"]}]""", "chỉ dùng một" },
        { "rubric", "\"nope\"", "không có bộ tiêu chí có sẵn tên" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_cycle_no_calendar_or_table_can_hold_is_refused_at_create_and_nothing_is_recorded(string field, string json, string message)
    {
        var (app, admin, storage) = await StartAsync();
        await using (app)
        await using (storage)
        {
            var body = Cycle();
            body[field] = JsonNode.Parse(json);

            using var response = await admin.PostAsJsonAsync("/api/cycles", body);

            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{field}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(message, problem.GetRawText().Contains("problems", StringComparison.Ordinal) && problem.TryGetProperty("problems", out var list)
                ? string.Join("\n", list.EnumerateArray().Select(p => p.GetString())) : problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/cycles/probe-2026", UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task Paging_past_the_end_is_empty_and_an_unknown_phase_is_400()
    {
        var (app, admin, storage) = await StartAsync();
        await using (app)
        await using (storage)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/cycles", Cycle())).StatusCode);

            var far = await admin.GetFromJsonAsync<JsonElement>("/api/cycles?page=2147483647&pageSize=100");

            Assert.Empty(far.GetProperty("items").EnumerateArray());
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync(new Uri("/api/cycles?phase=abc", UriKind.Relative))).StatusCode);
        }
    }

    [Theory]
    [InlineData("{", "không phải JSON hợp lệ", "$")]
    [InlineData("""{"unitId":"u1","scores":[{"code":"1.1","points":1e309}]}""", "", "$.scores[0].points")]
    [InlineData("""{"unitId":"u1","scores":[null]}""", "không được để trống", "$.scores[0]")]
    public async Task Bad_bodies_are_named_in_words_with_the_full_path_and_no_type_names(string body, string words, string? field)
    {
        var (app, admin, storage) = await StartAsync();
        await using (app)
        await using (storage)
        {
            using var response = await admin.PostAsync(new Uri("/api/cycles/c1/events/appraisal", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var text = problem.GetRawText();

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(words, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(field, problem.TryGetProperty("field", out var f) ? f.GetString() : null);
            Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ItEval.", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_submission_must_be_a_JSON_object()
    {
        var (app, admin, storage) = await StartAsync();
        await using (app)
        await using (storage)
        {
            var text = await admin.PostAsync(new Uri("/api/cycles/c1/events/submission", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "text/plain"));
            var array = await admin.PostAsync(new Uri("/api/cycles/c1/events/submission", UriKind.Relative), new StringContent("[]", Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
            Assert.Equal("$.unitId", (await array.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Answers_say_how_to_authenticate_name_nothing_about_the_server_and_speak_Vietnamese()
    {
        var (app, _, storage) = await StartAsync();
        await using (app)
        await using (storage)
        {
            var anonymous = await app.CreateClient().GetAsync(new Uri("/api/cycles", UriKind.Relative));
            var missing = await app.CreateClient().GetAsync(new Uri("/no/such/thing", UriKind.Relative));

            Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
            Assert.False(anonymous.Headers.Contains("Server"));
            Assert.Equal("Không có trang hoặc tài nguyên này.", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task A_cycle_that_cannot_be_swept_does_not_hold_back_the_timers_of_the_others()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await ItEval.Tests.Cycle.CycleHarness.StartAsync(storage, ItEval.Tests.Cycle.SampleCycles.Vn(2026, 12, 1));
        await cycle.Do("good", new CreateCycle(ItEval.Tests.Cycle.SampleCycles.Definition("good", 2)) { By = "admin" });
        await cycle.Do("good", new StartCycle { By = "admin" });
        await cycle.SettleAsync();
        // A summary row that lists a cycle whose history this build cannot read.
        await storage.Tables.GetTableClient(storage.Names.CycleEventsTable).AddEntityAsync(new Azure.Data.Tables.TableEntity("aaa-broken", "0000000001")
        {
            ["Type"] = "FromTheFuture", ["Version"] = 1, ["Data"] = "{}", ["At"] = DateTimeOffset.UtcNow, ["By"] = "x",
        });
        await storage.Tables.GetTableClient(storage.Names.CyclesTable).AddEntityAsync(new Azure.Data.Tables.TableEntity("cycles", "aaa-broken")
        {
            ["Year"] = 2026, ["Name"] = "x", ["Phase"] = "Collecting", ["Version"] = 1L, ["EnqueuedThrough"] = 0L, ["Active"] = true,
        });

        await cycle.AdvanceToAsync(ItEval.Tests.Cycle.SampleCycles.Vn(2026, 12, 8, 8, 1));

        Assert.Equal(2, cycle.Deliveries.Count(id => id.Contains("/reminder/", StringComparison.Ordinal)));
    }
}
