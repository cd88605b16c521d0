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
        foreach (var unit in new[] { "u0001", "u0002", "u0003" })
        {
            var link = await host.TokenAsync(unit);
            Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync($"/u/{link}/form", UnitPageHost.File(await host.FilledFormAsync(link), "phieu.xlsx"))).StatusCode);
        }

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

    private static FormUrlEncodedContent Form(DateOnly day, string reason) =>
        new([new("day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), new("reason", reason)]);

    [GeneratedRegex("<option value=\"(\\d{4}-\\d{2}-\\d{2})\"")]
    private static partial Regex Offered();
}
