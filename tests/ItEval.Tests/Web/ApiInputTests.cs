using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Web;

/// <summary>What the management API says about a body it cannot use: 400 naming the field, 422 for rules.</summary>
public sealed class ApiInputTests
{
    private static object Cycle(object? units = null, string id = "c2026") => new
    {
        id,
        year = 2026,
        name = "Đánh giá năm 2026",
        rubric = "departments-districts",
        deadline = "2026-12-15",
        appraisalStart = "2026-12-21",
        appraisalEnd = "2027-01-29",
        units = units ?? new[] { new { id = "STTTT", code = "STTTT", name = "Sở TT&TT", rankingGroup = "so", district = "tp", emails = new[] { "vp@stttt.gov.vn" } } },
    };

    [Theory]
    [InlineData("""{"reason": 5}""", "reason")]
    [InlineData("""{"unitId": "u1", "scores": [null]}""", "scores")]
    [InlineData("""{"unitId": "u1", "scores": [{"code": "1.1"}]}""", "points")]
    [InlineData("""{"scores": []}""", "unitId")]
    [InlineData("""{"unitId": null, "scores": []}""", "unitId")]
    [InlineData("not json", null)]
    [InlineData("[]", null)]
    public async Task A_body_that_cannot_be_read_is_400_naming_the_field(string body, string? field)
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, ApiKeys.Settings());
        var client = ApiKeys.Client(app, ApiKeys.Admin);
        var path = body.Contains("reason", StringComparison.Ordinal) ? "/api/cycles/c1/suspend" : "/api/cycles/c1/events/appraisal";

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Nội dung gửi lên không hợp lệ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Contains(field, problem.GetProperty("field").GetString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task An_unknown_time_zone_is_refused_at_create_naming_the_field()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, ApiKeys.Settings());
        var body = JsonSerializer.SerializeToNode(Cycle())!.AsObject();
        body["timeZone"] = "Asia/Hanoi";

        using var response = await ApiKeys.Client(app, ApiKeys.Admin).PostAsJsonAsync("/api/cycles", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()!);
        Assert.Contains(problems, p => p.StartsWith("timeZone: múi giờ \"Asia/Hanoi\" không có", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enum_fields_take_the_names_the_docs_show_and_an_address_with_a_line_break_is_refused()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, ApiKeys.Settings());
        var client = ApiKeys.Client(app, ApiKeys.Admin);
        var named = JsonSerializer.SerializeToNode(Cycle())!.AsObject();
        named["method"] = "WeightedIndex";
        named["notSubmitted"] = "RankLastWithZero";

        using var created = await client.PostAsJsonAsync("/api/cycles", named);
        using var injected = await client.PostAsJsonAsync("/api/cycles", Cycle(id: "c2027", units: new[]
        {
            new { id = "STTTT", code = "STTTT", name = "Sở", rankingGroup = "so", district = "tp", emails = new[] { "vp@stttt.gov.vn\r\nBcc: all@tinh.gov.vn" } },
        }));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, injected.StatusCode);
        Assert.Contains((await injected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith("units: email", StringComparison.Ordinal));
    }
}
