using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>The whole engine on Azurite with a fake clock: commands, queue, timers, workers.</summary>
public sealed class CycleEngineTests
{
    private const string Admin = "admin@cntt";

    [Fact]
    public async Task A_cycle_of_24_units_runs_from_draft_to_closed_with_one_email_of_each_kind_per_unit()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        var definition = Definition("c2026", 24);

        Assert.Null((await cycle.Do("c2026", new CreateCycle(definition) { By = Admin })).Refusal);
        await cycle.Do("c2026", new StartCycle { By = Admin });
        await cycle.SettleAsync();
        Assert.Equal(CyclePhase.Collecting, await cycle.Query("c2026", s => s.Phase));

        var rubric = await cycle.Query("c2026", s => s.Rubric);
        for (var i = 1; i <= 20; i++)
        {
            Assert.Null((await cycle.Do("c2026", new RecordSubmission($"u{i:D4}", $"s{i}", SelfScores(rubric, i)) { By = "unit" })).Refusal);
        }

        await cycle.AdvanceToAsync(Vn(2026, 12, 8, 8, 1));   // 7 days before: 4 missing units reminded
        await cycle.Do("c2026", new RecordSubmission("u0021", "s21", SelfScores(rubric)) { By = "unit" });
        await cycle.AdvanceToAsync(Vn(2026, 12, 12, 8, 1));  // 3 days before: 3 missing
        await cycle.AdvanceToAsync(Vn(2026, 12, 14, 8, 1));  // 1 day before: 3 missing
        await cycle.Do("c2026", new RecordSubmission("u0022", "s22", SelfScores(rubric)) { By = "unit" });
        await cycle.AdvanceToAsync(Vn(2026, 12, 16, 8, 1));  // overdue notice to 2, collecting closes, visits planned
        Assert.Equal(CyclePhase.Appraising, await cycle.Query("c2026", s => s.Phase));

        var visitDays = await cycle.Query("c2026", s => s.Visited.Select(u => u.Visit!.Day).Distinct().Order().ToList());
        Assert.Equal(6, visitDays.Count);   // 22 units, 4 a day
        Assert.All(visitDays, d => Assert.InRange(d.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday));
        foreach (var day in visitDays)
        {
            await cycle.AdvanceToAsync(Vn(day.Year, day.Month, day.Day, 8, 1).AddDays(-1));
        }

        var visited = await cycle.Query("c2026", s => s.Visited.Select(u => (u.Info.Id, u.SelfScores)).ToList());
        foreach (var (unit, self) in visited)
        {
            var scores = self.Select(s => new AppraisedScore(s.Key, s.Key == "2.4" && unit == "u0001" ? 1m : s.Value,
                s.Key == "2.4" && unit == "u0001" ? "Chưa có giải pháp phòng chống mã độc tập trung" : null, "tv1", cycle.Time.GetUtcNow())).ToList();
            Assert.Null((await cycle.Do("c2026", new RecordAppraisal(unit, scores) { By = "tv1" })).Refusal);
        }

        await cycle.SettleAsync();
        // The last appraisal does not end the phase: the admin reviews and closes it with a reason.
        Assert.Equal(CyclePhase.Appraising, await cycle.Query("c2026", s => s.Phase));
        Assert.Null((await cycle.Do("c2026", new CloseAppraisal("Đã thẩm định đủ 22 đơn vị") { By = Admin })).Refusal);
        await cycle.SettleAsync();
        Assert.Equal((CyclePhase.Ranking, true), await cycle.Query("c2026", s => (s.Phase, s.RankingReady)));
        await cycle.Do("c2026", new PublishResults { By = Admin });
        await cycle.SettleAsync();
        // Units may complain for 10 days after publication; the cycle closes after that.
        Assert.NotNull((await cycle.Do("c2026", new CloseCycle { By = Admin })).Refusal);
        await cycle.AdvanceToAsync(cycle.Time.GetUtcNow().AddDays(11));
        Assert.Null((await cycle.Do("c2026", new CloseCycle { By = Admin })).Refusal);
        Assert.Equal(CyclePhase.Closed, await cycle.Query("c2026", s => s.Phase));

        var sent = await cycle.SentAsync("c2026");
        Assert.Equal(sent.Count, sent.Distinct().Count());
        int Count(string kind) => sent.Count(e => e.Kind == kind);
        Assert.Equal(24, Count(EmailKinds.Announcement));
        Assert.Equal(4 + 3 + 3, Count(EmailKinds.Reminder));
        Assert.Equal(2, Count(EmailKinds.Overdue));
        Assert.Equal(22 + 1, Count(EmailKinds.VisitPlan));
        Assert.Equal(22, Count(EmailKinds.VisitReminder));
        Assert.Equal(24, Count(EmailKinds.Result));
        Assert.Equal(1, Count(EmailKinds.AdminSummary));
        var rows = await cycle.Get<RankingStore>().ReadAsync("c2026", 1, CancellationToken.None);
        Assert.Equal(24, rows.Count);
        Assert.Equal("so", rows.Single(r => r.UnitId == "u0001").RankingGroup);
    }

    [Fact]
    public async Task Each_unit_gets_a_signed_link_scoped_to_it_and_the_cycle_and_its_own_form_made_at_its_first_download()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await cycle.Do("a", new CreateCycle(Definition("a", 2)) { By = Admin });
        await cycle.Do("a", new StartCycle { By = Admin });
        await cycle.SettleAsync();

        var eml = ItEval.Email.EmlWriter.Part(await storage.EmlAsync("a/a~u0002~announcement~1.eml"), "text/plain")!;
        var token = System.Text.RegularExpressions.Regex.Match(eml, @"/u/(?<token>[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)").Groups["token"].Value;
        var claims = cycle.Get<ItEval.Links.UnitLinks>().Verify(token, cycle.Time.GetUtcNow()).Claims;
        Assert.Equal(("u0002", "a", "upload"), (claims!.UnitId, claims.CycleId, claims.Purpose));
        Assert.Equal(Vn(2027, 1, 30, 0), claims.Expires);
        Assert.Null(cycle.Get<ItEval.Links.UnitLinks>().Verify(token[..^2] + "xx", cycle.Time.GetUtcNow()).Claims);
        Assert.Contains("Hạn nộp phiếu tự đánh giá: hết ngày 15/12/2026.", eml, StringComparison.Ordinal);

        // The announcement writes no workbook: the form is made when the unit first downloads it, then kept.
        var blob = storage.Blobs.GetBlobContainerClient(storage.Names.TemplatesContainer).GetBlobClient(ItEval.Forms.FormTemplateStore.BlobName("a", "u0002", 1));
        Assert.False((await blob.ExistsAsync()).Value);
        var context = await cycle.Query("a", s => new ItEval.Forms.FormContext("a", s.Definition!.Name, "u0002", "U0002", "Đơn vị số 2", s.Deadline, s.Rubric));
        var downloaded = await cycle.Get<ItEval.Uploads.UnitUploads>().FormTemplateAsync("a", "u0002", CancellationToken.None);
        Assert.Equal(downloaded.Bytes, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        var read = cycle.Get<ItEval.Forms.FormReader>().Read(downloaded.Bytes, "phieu.xlsx", context);
        Assert.Contains(read.Problems, p => p.En.Contains("no self-assessment entered", StringComparison.Ordinal));
        Assert.DoesNotContain(read.Problems, p => p.Location == "file");
    }

    [Fact]
    public async Task Reminders_go_only_to_units_still_missing_at_each_reminder_time()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await cycle.Do("r", new CreateCycle(Definition("r", 5)) { By = Admin });
        await cycle.Do("r", new StartCycle { By = Admin });
        await cycle.SettleAsync();
        var rubric = await cycle.Query("r", s => s.Rubric);
        await cycle.Do("r", new RecordSubmission("u0001", "a", SelfScores(rubric)) { By = "unit" });

        await cycle.AdvanceToAsync(Vn(2026, 12, 8, 7, 59));
        Assert.DoesNotContain(await cycle.SentAsync("r"), e => e.Kind == EmailKinds.Reminder);

        await cycle.AdvanceToAsync(Vn(2026, 12, 8, 8, 0));
        await cycle.Do("r", new RecordSubmission("u0002", "b", SelfScores(rubric)) { By = "unit" });
        await cycle.AdvanceToAsync(Vn(2026, 12, 12, 9, 30));

        var reminders = (await cycle.SentAsync("r")).Where(e => e.Kind == EmailKinds.Reminder).Select(e => (e.Unit, e.Key)).Order().ToList();
        Assert.Equal(
        [
            ("u0002", "20261215-7d"), ("u0003", "20261215-3d"), ("u0003", "20261215-7d"),
            ("u0004", "20261215-3d"), ("u0004", "20261215-7d"), ("u0005", "20261215-3d"), ("u0005", "20261215-7d"),
        ], reminders);
        var raw = await storage.EmlAsync("r/r~u0003~reminder~20261215-3d.eml");
        var text = ItEval.Email.EmlWriter.Part(raw, "text/plain")!;
        Assert.Contains("To: u0003@tinh.gov.vn", raw, StringComparison.Ordinal);
        Assert.Contains("Kính gửi Đơn vị số 3,", text, StringComparison.Ordinal);
        Assert.Contains("Còn 3 ngày đến hạn nộp phiếu tự đánh giá (hết ngày 15/12/2026).", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extending_the_deadline_moves_the_reminders_and_tells_the_units()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await cycle.Do("x", new CreateCycle(Definition("x", 3)) { By = Admin });
        await cycle.Do("x", new StartCycle { By = Admin });
        await cycle.SettleAsync();

        var refused = await cycle.Do("x", new ExtendDeadline(null, new DateOnly(2026, 12, 18), " ") { By = Admin });
        Assert.Equal(RefusalKind.Invalid, refused.Refusal!.Kind);
        await cycle.Do("x", new ExtendDeadline(null, new DateOnly(2026, 12, 18), "Nhiều đơn vị đề nghị gia hạn") { By = Admin });
        await cycle.Do("x", new ExtendDeadline("u0003", new DateOnly(2026, 12, 19), "Đơn vị thay đổi đầu mối") { By = Admin });
        await cycle.SettleAsync();
        await cycle.AdvanceToAsync(Vn(2026, 12, 8, 8, 5));    // the old -7 days time: nothing is due any more
        Assert.DoesNotContain(await cycle.SentAsync("x"), e => e.Kind == EmailKinds.Reminder);

        await cycle.AdvanceToAsync(Vn(2026, 12, 11, 8, 5));   // -7 days of the new deadline (18th)
        await cycle.AdvanceToAsync(Vn(2026, 12, 12, 8, 5));   // -7 days of u0003's own deadline (19th)
        await cycle.AdvanceToAsync(Vn(2026, 12, 14, 8, 5));   // the old -1 day time: nothing
        await cycle.AdvanceToAsync(Vn(2026, 12, 15, 8, 5));   // -3 days of the 18th
        await cycle.AdvanceToAsync(Vn(2026, 12, 16, 8, 5));   // -3 days of the 19th

        var sent = await cycle.SentAsync("x");
        Assert.Equal(
            [("u0001", "20261218-3d"), ("u0001", "20261218-7d"), ("u0002", "20261218-3d"), ("u0002", "20261218-7d"), ("u0003", "20261219-3d"), ("u0003", "20261219-7d")],
            sent.Where(e => e.Kind == EmailKinds.Reminder).Select(e => (e.Unit, e.Key)).Order());
        Assert.Equal(4, sent.Count(e => e.Kind == EmailKinds.DeadlineExtended));
        Assert.Equal(CyclePhase.Collecting, await cycle.Query("x", s => s.Phase));
    }

    [Fact]
    public async Task Admins_who_ask_for_it_get_one_progress_summary_a_day_while_collecting()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await cycle.Do("d", new CreateCycle(Definition("d", 3) with { DailyProgressSummary = true }) { By = Admin });
        await cycle.Do("d", new StartCycle { By = Admin });
        await cycle.SettleAsync();
        await cycle.Do("d", new RecordSubmission("u0001", "s", SelfScores(await cycle.Query("d", s => s.Rubric))) { By = "unit" });

        await cycle.AdvanceToAsync(Vn(2026, 12, 1, 16, 59));
        await cycle.AdvanceToAsync(Vn(2026, 12, 1, 17, 1));
        await cycle.AdvanceToAsync(Vn(2026, 12, 3, 17, 30));   // the sweep was down on the 2nd: one summary, not two

        var summaries = (await cycle.SentAsync("d")).Where(e => e.Kind == EmailKinds.ProgressSummary).Select(e => e.Key).Order().ToList();
        Assert.Equal(["20261201", "20261203"], summaries);
        var eml = await storage.EmlAsync("d/d~admins~progress-summary~20261203.eml");
        Assert.Contains("Đã nộp: 1/3 (nộp muộn: 0)", ItEval.Email.EmlWriter.Part(eml, "text/plain"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspended_cycles_fire_nothing_until_resumed_and_terminated_ones_stop()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await cycle.Do("s", new CreateCycle(Definition("s", 2)) { By = Admin });
        await cycle.Do("s", new StartCycle { By = Admin });
        await cycle.SettleAsync();

        await cycle.Do("s", new SuspendCycle("Chờ ý kiến lãnh đạo") { By = Admin });
        await cycle.AdvanceToAsync(Vn(2026, 12, 8, 9));
        Assert.DoesNotContain(await cycle.SentAsync("s"), e => e.Kind == EmailKinds.Reminder);
        var submit = await cycle.Do("s", new RecordSubmission("u0001", "a", new Dictionary<string, decimal>()) { By = "unit" });
        Assert.Equal(RefusalKind.WrongPhase, submit.Refusal!.Kind);

        await cycle.Do("s", new ResumeCycle { By = Admin });
        await cycle.AdvanceToAsync(Vn(2026, 12, 8, 9, 1));
        Assert.Equal(2, (await cycle.SentAsync("s")).Count(e => e.Kind == EmailKinds.Reminder));

        await cycle.Do("s", new TerminateCycle("Dừng theo chỉ đạo") { By = Admin });
        await cycle.AdvanceToAsync(Vn(2026, 12, 12, 9));
        Assert.Equal(2, (await cycle.SentAsync("s")).Count(e => e.Kind == EmailKinds.Reminder));
        Assert.Equal(CyclePhase.Terminated, await cycle.Query("s", s => s.Phase));
    }
}
