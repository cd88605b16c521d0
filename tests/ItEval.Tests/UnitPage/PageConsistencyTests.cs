using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.UnitPage;

/// <summary>What the unit's page, the dev mailbox and the appraisers' API say agrees with the cycle.</summary>
public sealed class PageConsistencyTests
{
    [Fact]
    public async Task A_unit_recorded_through_the_API_shows_its_form_sent_and_valid()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1);
        await host.Engine.HandleAsync(UnitPageHost.CycleId, new RecordSubmission("u0001", "json-1", SelfScores(host.Rubric)) { By = "cntt-admin" }, CancellationToken.None);

        var page = await host.Client().GetStringAsync(new Uri($"/u/{await host.TokenAsync("u0001")}", UriKind.Relative));

        Assert.Contains("<li class=\"done\"><span class=\"mark\" aria-hidden=\"true\">✔</span> Đã gửi phiếu", page, StringComparison.Ordinal);
        Assert.Contains("<li class=\"done\"><span class=\"mark\" aria-hidden=\"true\">✔</span> Phiếu hợp lệ", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kept_evidence_file_answers_accepted()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1);
        var token = await host.TokenAsync("u0001");

        var answer = await host.PostJsonAsync($"/u/{token}/evidence", UnitPageHost.File([.. "%PDF-1.7\n"u8, .. new byte[100]], "bao-cao.pdf"));
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(body.GetProperty("accepted").GetBoolean());
        Assert.True(body.GetProperty("stored").GetBoolean());
        Assert.False(body.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task After_collecting_ends_early_the_page_shows_no_days_left()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1);
        var token = await host.TokenAsync("u0001");
        Assert.Contains("còn 14 ngày", await host.Client().GetStringAsync(new Uri($"/u/{token}", UriKind.Relative)), StringComparison.Ordinal);
        await host.Engine.HandleAsync(UnitPageHost.CycleId, new RecordSubmission("u0001", "s1", SelfScores(host.Rubric)) { By = "unit" }, CancellationToken.None);
        await host.Engine.HandleAsync(UnitPageHost.CycleId, new Advance("Tất cả đơn vị đã nộp") { By = "admin" }, CancellationToken.None);

        var page = await host.Client().GetStringAsync(new Uri($"/u/{token}", UriKind.Relative));

        Assert.Contains("Đã hết thời gian nộp phiếu", page, StringComparison.Ordinal);
        Assert.DoesNotContain("còn ", page.Split("class=\"deadline\"")[1].Split("</p>")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dev_mailbox_lists_subjects_and_attachments_and_serves_each_attachment()
    {
        var settings = new Dictionary<string, string?> { ["Email:DevMailbox"] = "true" };
        await using var host = await UnitPageHost.StartAsync(units: 1, settings);
        await host.Engine.HandleAsync(UnitPageHost.CycleId, new RecordSubmission("u0001", "s1", SelfScores(host.Rubric)) { By = "unit" }, CancellationToken.None);
        await host.AdvanceToAsync(Vn(2026, 12, 16, 8, 1));

        var list = await host.Client().GetStringAsync(new Uri("/dev/mail", UriKind.Relative));
        var name = $"{UnitPageHost.CycleId}/{UnitPageHost.CycleId}~u0001~visit-plan~plan.eml";
        var message = await host.Client().GetStringAsync(new Uri($"/dev/mail/{name}", UriKind.Relative));
        var invite = await host.Client().GetStringAsync(new Uri($"/dev/mail/{name}?attachment=0", UriKind.Relative));

        Assert.Contains("[ItEval] Thông báo kế hoạch", list, StringComparison.Ordinal);
        Assert.Contains("lich-tham-dinh.ics", list, StringComparison.Ordinal);
        Assert.Contains("Subject: [ItEval]", message, StringComparison.Ordinal);
        Assert.Contains("lich-tham-dinh.ics</a>", message, StringComparison.Ordinal);
        Assert.StartsWith("BEGIN:VCALENDAR", invite, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appraisers_read_the_status_the_plan_and_a_units_self_scores_but_not_admin_actions()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1, ApiKeys.Settings());
        await host.Engine.HandleAsync(UnitPageHost.CycleId, new RecordSubmission("u0001", "s1", SelfScores(host.Rubric)) { By = "unit" }, CancellationToken.None);
        await host.AdvanceToAsync(Vn(2026, 12, 16, 8, 1));
        var appraiser = ApiKeys.Client(host.App, ApiKeys.Appraiser);

        var status = await appraiser.GetAsync(new Uri($"/api/cycles/{UnitPageHost.CycleId}", UriKind.Relative));
        var plan = await appraiser.GetFromJsonAsync<JsonElement>($"/api/cycles/{UnitPageHost.CycleId}/plan");
        var unit = await appraiser.GetFromJsonAsync<JsonElement>($"/api/cycles/{UnitPageHost.CycleId}/units/u0001");

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var visit = Assert.Single(plan.GetProperty("visits").EnumerateArray().ToList());
        Assert.Equal(("u0001", "08:00"), (visit.GetProperty("unit").GetProperty("id").GetString(), visit.GetProperty("start").GetString()));
        var first = unit.GetProperty("criteria")[0];
        Assert.Equal(SelfScores(host.Rubric)[first.GetProperty("code").GetString()!], first.GetProperty("self").GetDecimal());
        Assert.Equal(HttpStatusCode.Forbidden, (await appraiser.GetAsync(new Uri($"/api/cycles/{UnitPageHost.CycleId}/history", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await appraiser.PostAsync(new Uri($"/api/cycles/{UnitPageHost.CycleId}/publish", UriKind.Relative), null)).StatusCode);
    }
}
