using System.Net;
using ItEval.Accounts;
using ItEval.Tests.UnitPage;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Console;

/// <summary>Issue 24: appraiser accounts made from the cycle's team in one step, and a warning while a member has none.</summary>
public sealed class TeamAccountsTests
{
    private const string Id = UnitPageHost.CycleId;

    [Fact]
    public async Task The_dashboard_warns_about_members_without_an_account_and_one_step_creates_them_once()
    {
        await using var host = await UnitPageHost.StartAsync(2);
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));

        Assert.Contains("2 thành viên tổ thẩm định chưa có tài khoản", WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{Id}")), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/console/accounts"));
        Assert.Contains("Nguyễn Văn An <an@tinh.gov.vn>", page, StringComparison.Ordinal);

        var response = await admin.PostFormAsync("/console/accounts", null, new() { ["Action"] = "create-team" }, "/console/accounts/act");
        var said = ConsoleClient.Said(response);
        var passwords = System.Text.RegularExpressions.Regex.Matches(said, @"(an|binh): (\S+?)(;|$|\s)").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(["an", "binh"], passwords.Keys.Order());

        var store = host.App.Services.GetRequiredService<AccountStore>();
        var made = (await store.ListAsync(CancellationToken.None)).Where(a => a.Roles.Contains(Roles.Appraiser)).ToList();
        Assert.Equal([("an", "an@tinh.gov.vn", "Nguyễn Văn An"), ("binh", "binh@tinh.gov.vn", "Trần Thị Bình")],
            made.Select(a => (a.UserName, a.Email, a.DisplayName)).OrderBy(a => a.UserName));
        var member = new ConsoleClient(host.App);
        var signIn = await member.SignInAsync("an", passwords["an"]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain("/sign-in", signIn.Headers.Location!.ToString(), StringComparison.Ordinal);

        // Nothing left to create: the warning is gone and a second click makes no account.
        Assert.DoesNotContain("chưa có tài khoản", WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{Id}")), StringComparison.Ordinal);
        await admin.PostFormAsync("/console/accounts", null, new() { ["Action"] = "create-team" }, "/console/accounts/act");
        Assert.Equal(3, (await store.ListAsync(CancellationToken.None)).Count);
    }

    /// <summary>Issue 24: the dashboard names the next reminder's units, and "remind now" posts the chosen ones.</summary>
    [Fact]
    public async Task The_dashboard_names_the_next_reminders_units_and_reminds_the_chosen_ones_now()
    {
        await using var host = await UnitPageHost.StartAsync(3);
        await host.SubmitAsync("u0001");
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));
        var dashboard = WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{Id}"));
        Assert.Contains("Thư nhắc hạn tiếp theo", dashboard, StringComparison.Ordinal);
        Assert.Contains("tới 2 đơn vị chưa nộp", dashboard, StringComparison.Ordinal);
        Assert.Contains("value=\"u0002\"", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"UnitIds\" value=\"u0001\"", dashboard, StringComparison.Ordinal);

        var form = new List<KeyValuePair<string, string>> { new("Action", "remind-now"), new("Confirm", "yes"), new("UnitIds", "u0002"), new("UnitIds", "u0003") };
        var page = await admin.GetStringAsync($"/console/cycles/{Id}");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" (?:type=\"hidden\" )?value=\"([^\"]+)\"").Groups[1].Value;
        form.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token)));
        using var posted = await admin.Http.PostAsync(new Uri($"/console/cycles/{Id}/act", UriKind.Relative), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var history = await host.App.Services.GetRequiredService<ItEval.Cycle.CycleStore>().ReadAsync(Id, 0, CancellationToken.None);
        var due = history.Select(e => e.Event).OfType<ItEval.Cycle.RemindersDue>().Single(r => r.Key.StartsWith("now-", StringComparison.Ordinal));
        Assert.Equal(["u0002", "u0003"], due.UnitIds);
    }

    /// <summary>
    /// Issue 24: the roster template fits a 2026 province (two-level local government: communes and wards, no
    /// district level) and imports as it is; a roster of the old shape (a "Huyện" column) still reads the same.
    /// </summary>
    [Fact]
    public async Task The_roster_template_is_of_the_two_level_shape_and_both_shapes_import()
    {
        await using var host = await UnitPageHost.StartAsync(1);
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));
        var template = (await admin.GetStringAsync("/console/roster-template.csv")).TrimStart('\uFEFF');
        Assert.DoesNotContain("Huyện", template, StringComparison.Ordinal);
        Assert.DoesNotContain("Thông tin và Truyền thông", template, StringComparison.Ordinal);

        var fromTemplate = ItEval.Cycle.RosterImport.FromCsv(template);
        Assert.Empty(fromTemplate.Problems);
        Assert.Equal([("SKHCN", "phan-thiet", "Nguyễn Văn A, Chánh Văn phòng", "0252 3822 000"), ("XA-PHUOC-LOC", "phuoc-loc", (string?)null, (string?)null)],
            fromTemplate.Units.Select(u => (u.Code, u.District, u.Contact, u.Phone)));
        Assert.Contains("Dòng 2: số điện thoại \"gọi anh A\" không hợp lệ", Assert.Single(ItEval.Cycle.RosterImport.FromCsv("Mã đơn vị,Tên đơn vị,Khối,Email,Điện thoại\nA,Sở A,so,a@tinh.gov.vn,gọi anh A\n").Problems), StringComparison.Ordinal);
        var twoLevel = ItEval.Cycle.RosterImport.FromCsv("Mã đơn vị,Tên đơn vị,Khối,Xã/phường,Email\nXA-A,UBND xã A,xa,xa-a,a@xa.gov.vn\n");
        var oldShape = ItEval.Cycle.RosterImport.FromCsv("Mã đơn vị,Tên đơn vị,Khối,Huyện,Email\nHU-A,Huyện ủy A,huyen,a,a@hu.gov.vn\n");
        Assert.Equal(("xa-a", "a"), (Assert.Single(twoLevel.Units).District, Assert.Single(oldShape.Units).District));
    }

    /// <summary>Issue 24: an extension that runs into the appraisal start is flagged to the admin when it is made.</summary>
    [Fact]
    public async Task An_extension_close_to_the_appraisal_start_is_flagged()
    {
        await using var host = await UnitPageHost.StartAsync(1);
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));
        async Task<string> ExtendAsync(string day, string reason)
        {
            using var response = await admin.PostFormAsync($"/console/cycles/{Id}", null,
                new() { ["Action"] = "extend", ["Deadline"] = day, ["Reason"] = reason, ["Confirm"] = "yes" }, $"/console/cycles/{Id}/act");
            return ConsoleClient.Said(response);
        }

        // Appraisal starts Monday 21/12: to 16/12 leaves Thursday and Friday; to 18/12 leaves none.
        Assert.DoesNotContain("sát ngày bắt đầu thẩm định", await ExtendAsync("2026-12-16", "Đơn vị đề nghị"), StringComparison.Ordinal);
        Assert.Contains("sát ngày bắt đầu thẩm định 21/12/2026", await ExtendAsync("2026-12-18", "Đơn vị đề nghị thêm"), StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 12, 18), await host.Query(s => s.Deadline));
    }
}
