using System.Net;
using System.Text.RegularExpressions;
using ItEval.Cycle;

namespace ItEval.Tests.UnitPage;

/// <summary>A unit moves its own visit through its link: it chooses a free day and says why.</summary>
public sealed partial class VisitMoveTests
{
    [Fact]
    public async Task A_unit_chooses_a_free_day_on_its_page_its_visit_moves_and_a_day_not_offered_or_no_reason_is_refused_in_its_language()
    {
        await using var host = await UnitPageHost.StartAsync(units: 3);
        var token = await host.TokenAsync("u0001");
        await host.SubmitAsync("u0001", "u0002", "u0003");

        await host.PublishAsync(appraise: false);
        var before = await host.Query(s => s.Units["u0001"].Visit!);
        var page = await host.Client().GetStringAsync(new Uri($"/u/{token}", UriKind.Relative));
        var offered = Offered().Matches(page).Select(m => DateOnly.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var notOffered = before.Day;

        var noReason = await host.Client().PostAsync(new Uri($"/u/{token}/visit", UriKind.Relative), Form(offered[0], ""));
        var busyDay = await host.Client().PostAsync(new Uri($"/u/{token}/visit?lang=en", UriKind.Relative), Form(new DateOnly(2026, 12, 26), "Họp"));
        var moved = await host.Client().PostAsync(new Uri($"/u/{token}/visit", UriKind.Relative), Form(offered[^1], "Lãnh đạo đơn vị đi công tác"));
        var after = await host.Query(s => (s.Units["u0001"].Visit!, s.Units["u0002"].Visit!, s.Units["u0003"].Visit!));
        var shown = await host.Client().GetStringAsync(new Uri($"/u/{token}?saved=1", UriKind.Relative));

        Assert.NotEmpty(offered);
        Assert.DoesNotContain(notOffered, offered);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("Cần ghi lý do", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, busyDay.StatusCode);
        Assert.Contains("is not a working day", await busyDay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(offered[^1], after.Item1.Day);
        Assert.NotEqual(before.Day, after.Item1.Day);
        Assert.Contains("id=\"visit-moved\"", shown, StringComparison.Ordinal);
        var history = await host.Query(s => s.Units["u0001"].VisitVersion);
        Assert.Equal(1, history);
    }

    [Fact]
    public async Task Whatever_a_client_sends_to_move_a_visit_gets_a_4xx_in_words_and_nothing_changes()
    {
        await using var host = await UnitPageHost.StartAsync(units: 2);
        var token = await host.TokenAsync("u0001");
        await host.SubmitAsync("u0001", "u0002");

        var early = await host.Client().PostAsync(new Uri($"/u/{token}/visit", UriKind.Relative), Form(new DateOnly(2026, 12, 22), "Sớm quá"));
        await host.PublishAsync(appraise: false);
        var before = await host.Query(s => s.Units["u0001"].Visit!);
        var admin = host.Admin();
        var bodies = new HttpContent[]
        {
            new StringContent("{\"day\": \"2026-12-22\", \"reason\": \"json\"}", System.Text.Encoding.UTF8, "application/json"),
            new FormUrlEncodedContent([new("day", "22/12/2026"), new("reason", "sai định dạng")]),
            new FormUrlEncodedContent([new("day", "2026-12-22"), new("reason", new string('x', 5000))]),
            new FormUrlEncodedContent([new("day", "2027-06-01"), new("reason", "ngoài thời gian")]),
            new ByteArrayContent([0xff, 0xfe, 0x00]),
        };
        var answers = new List<HttpStatusCode>();
        foreach (var body in bodies)
        {
            answers.Add((await host.Client().PostAsync(new Uri($"/u/{token}/visit", UriKind.Relative), body)).StatusCode);
        }

        var apiAnswers = new List<HttpStatusCode>();
        foreach (var json in new[] { "null", "{}", "{\"day\": \"x\"}", "{\"day\": \"2026-12-22\", \"team\": \"khong-co\", \"reason\": \"r\"}", "{\"day\": \"2026-12-22\"}" })
        {
            apiAnswers.Add((await admin.PostAsync(new Uri($"/api/cycles/{UnitPageHost.CycleId}/visit-plan/units/u0001/move", UriKind.Relative),
                new StringContent(json, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        }

        var unknownUnit = await admin.PostAsync(new Uri($"/api/cycles/{UnitPageHost.CycleId}/visit-plan/units/u9999/move", UriKind.Relative),
            new StringContent("{\"day\": \"2026-12-22\", \"reason\": \"r\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.All(answers, status => Assert.InRange((int)status, 400, 499));
        Assert.All(apiAnswers, status => Assert.InRange((int)status, 400, 499));
        Assert.InRange((int)unknownUnit.StatusCode, 400, 499);
        Assert.Same(before, await host.Query(s => s.Units["u0001"].Visit!));
    }

    [Fact]
    public async Task A_unit_s_preferred_day_from_its_page_is_where_its_visit_goes_when_the_day_has_room()
    {
        await using var host = await UnitPageHost.StartAsync(units: 3);
        var wanted = new DateOnly(2026, 12, 24);
        var token = await host.TokenAsync("u0003");
        await host.SubmitAsync("u0001", "u0002", "u0003");

        var both = await host.Client().PostAsync(new Uri($"/u/{token}/blackout", UriKind.Relative), new FormUrlEncodedContent([new("day", "2026-12-24"), new("preferred", "2026-12-24")]));
        var saved = await host.Client().PostAsync(new Uri($"/u/{token}/blackout", UriKind.Relative), new FormUrlEncodedContent([new("day", "2026-12-21"), new("preferred", "2026-12-24")]));
        await host.PublishAsync(appraise: false);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(wanted, await host.Query(s => s.Units["u0003"].Visit!.Day));
    }

    private static FormUrlEncodedContent Form(DateOnly day, string reason) =>
        new([new("day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), new("reason", reason)]);

    [GeneratedRegex("<option value=\"(\\d{4}-\\d{2}-\\d{2})\"")]
    private static partial Regex Offered();
}
