using System.Globalization;
using ItEval.Cycle;
using ItEval.Cycle.Process;
using ItEval.Ranking;
using ItEval.Rubrics;
using ItEval.Uploads;

namespace ItEval.Demo;

/// <summary>What the demo cycle ended with: its id, the edition it published last and that edition's rows.</summary>
public sealed record DemoOutcome(string CycleId, int Edition, IReadOnlyList<RankingRow> Rows);

/// <summary>
/// A whole cycle with simulated units and people, on a clock that jumps: announcement; units upload
/// valid forms, three upload a spoiled form first and fix it, two are reopened and upload late, two never
/// submit; reminders; a unit declares busy days; the visit plan; appraisals with some adjusted scores and
/// reasons; ranking; publication; one complaint accepted and re-appraised; edition 2. Every step goes
/// through the same services the pages use (the upload path validates each form), and the terminal
/// gets a line per step and the ranking per group.
/// </summary>
public sealed class DemoCycle(IServiceProvider services, TextWriter output, Action<DateTimeOffset> moveClock)
{
    private const string Admin = "admin";

    /// <summary>Units that upload a spoiled form first, units reopened after the deadline, units that never submit.</summary>
    public static readonly string[] Spoiling = ["bao", "du-dt", "tinhdoan"], Late = ["hnd", "du-bl"], Silent = ["hccb", "du-gn"];

    private readonly CycleEngine _engine = services.GetRequiredService<CycleEngine>();
    private readonly CycleProcessGuard _process = services.GetRequiredService<CycleProcessGuard>();
    private readonly UnitUploads _uploads = services.GetRequiredService<UnitUploads>();
    private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();

    /// <param name="untilAppraisal">
    /// Stop once the visits are planned, with the clock on the morning of the first visit: the cycle is in
    /// Appraising and nothing is appraised yet (<c>./run.sh --demo-appraisal</c>, to rehearse appraisal).
    /// </param>
    public async Task<DemoOutcome> RunAsync(string cycleId, CancellationToken cancellationToken, bool untilAppraisal = false)
    {
        var calendar = new CycleCalendar(CycleCalendar.DefaultTimeZone);
        var definition = DemoRoster.Definition(cycleId, calendar.Today(_time.GetUtcNow()));
        var deadline = definition.Deadline;
        Say($"Kỳ đánh giá «{definition.Name}»: {definition.Units.Count} đơn vị, hạn nộp {deadline:dd/MM/yyyy}.");
        await DoAsync(cycleId, new CreateCycle(definition) { By = Admin }, cancellationToken);
        await DoAsync(cycleId, new StartCycle { By = Admin }, cancellationToken);
        await SettleAsync(cycleId, cancellationToken);
        Say($"1. Đã gửi thông báo, phiếu và đường dẫn riêng cho {await QueryAsync(cycleId, s => s.AnnouncedUnits, cancellationToken)} đơn vị.");

        var rubric = await QueryAsync(cycleId, s => s.Rubric, cancellationToken);
        var onTime = DemoRoster.UnitIds.Except(Late).Except(Silent).ToList();
        MoveTo(calendar.At(deadline.AddDays(-10), new TimeOnly(9, 0)));
        Say($"2. Các đơn vị tải phiếu của mình về, điền và nộp qua đường dẫn ({onTime.Count / 2} đơn vị trong tuần đầu).");
        foreach (var unit in onTime.Take(onTime.Count / 2))
        {
            await UploadAsync(cycleId, unit, rubric, spoiled: Spoiling.Contains(unit), cancellationToken);
        }

        MoveTo(calendar.At(deadline.AddDays(-7), new TimeOnly(8, 1)));
        await SettleAsync(cycleId, cancellationToken);
        Say($"3. Nhắc hạn (7 ngày trước hạn) chỉ gửi cho {await QueryAsync(cycleId, s => s.Units.Count - s.SubmittedUnits, cancellationToken)} đơn vị chưa nộp.");
        var workingDays = definition.WorkingCalendar.Between(definition.AppraisalStart, definition.AppraisalEnd).Take(2).ToList();
        await DoAsync(cycleId, new DeclareBlackoutDates("du-xh", workingDays) { By = "unit:DU-XH" }, cancellationToken);
        Say($"4. Đảng ủy phường Xuân Hương - Đà Lạt báo bận các ngày {string.Join(", ", workingDays.Select(d => d.ToString("dd/MM", CultureInfo.InvariantCulture)))}.");

        MoveTo(calendar.At(deadline.AddDays(-2), new TimeOnly(10, 0)));
        Say("   Các đơn vị còn lại nộp trước hạn.");
        foreach (var unit in onTime)
        {
            if (!await QueryAsync(cycleId, s => s.Units[unit].Submitted, cancellationToken))
            {
                await UploadAsync(cycleId, unit, rubric, spoiled: Spoiling.Contains(unit), cancellationToken);
            }
        }

        MoveTo(calendar.At(deadline.AddDays(1), new TimeOnly(7, 0)));
        foreach (var unit in Late)
        {
            await DoAsync(cycleId, new ReopenUnit(unit, deadline.AddDays(2), "Đơn vị báo sự cố mạng, đề nghị nộp bổ sung") { By = Admin }, cancellationToken);
        }

        MoveTo(calendar.At(deadline.AddDays(1), new TimeOnly(9, 30)));
        foreach (var unit in Late)
        {
            await UploadAsync(cycleId, unit, rubric, spoiled: false, cancellationToken);
        }

        Say($"   Sau hạn, quản trị mở lại cho {string.Join(", ", Late.Select(u => u.ToUpperInvariant()))} (có lý do); hai đơn vị nộp muộn, được ghi nhận là nộp muộn.");

        MoveTo(calendar.At(deadline.AddDays(3), new TimeOnly(8, 1)));
        await SettleAsync(cycleId, cancellationToken);
        var visits = await QueryAsync(cycleId, s => s.Visited.Select(u => (Unit: u.Info.Id, Visit: u.Visit!, u.SelfScores)).OrderBy(v => v.Visit.Day).ThenBy(v => v.Visit.Slot).ToList(), cancellationToken);
        Say($"5. Lịch thẩm định: {visits.Count} buổi làm việc từ {visits[0].Visit.Day:dd/MM} đến {visits[^1].Visit.Day:dd/MM}; {Silent.Length} đơn vị không nộp ({string.Join(", ", Silent.Select(u => u.ToUpperInvariant()))}).");

        if (untilAppraisal)
        {
            MoveTo(calendar.At(visits[0].Visit.Day, new TimeOnly(7, 30)));
            Say($"6. Đồng hồ dừng ở sáng ngày thẩm định đầu tiên ({visits[0].Visit.Day:dd/MM/yyyy}); chưa đơn vị nào được chấm.");
            return new DemoOutcome(cycleId, 0, []);
        }

        MoveTo(calendar.At(visits[^1].Visit.Day, new TimeOnly(17, 0)));
        await SettleAsync(cycleId, cancellationToken);
        var adjusted = new List<(string Unit, string Code, decimal Self)>();
        for (var i = 0; i < visits.Count; i++)
        {
            var (unit, visit, self) = visits[i];
            var appraiser = definition.Team.First(m => visit.TeamMemberIds.Contains(m.Id) && !m.ConflictsWith(unit));
            var lower = i % 4 == 1 ? self.Where(s => s.Value >= 1m).Select(s => s.Key).FirstOrDefault() : null;
            if (lower is not null)
            {
                adjusted.Add((unit, lower, self[lower]));
            }

            var scores = self.Select(s => new AppraisedScore(s.Key, s.Key == lower ? s.Value - 1m : s.Value,
                s.Key == lower ? "Minh chứng chưa thể hiện đủ nội dung kê khai" : null, appraiser.Id, _time.GetUtcNow())).ToList();
            await DoAsync(cycleId, new RecordAppraisal(unit, scores) { By = appraiser.Id, AppraiserEmail = appraiser.Email }, cancellationToken);
        }

        Say($"6. Tổ thẩm định đã chấm {visits.Count} đơn vị; điều chỉnh {adjusted.Count} tiêu chí, mỗi lần có lý do.");
        await DoAsync(cycleId, new CloseAppraisal($"Đã thẩm định đủ {visits.Count} đơn vị đã nộp") { By = Admin }, cancellationToken);
        await SettleAsync(cycleId, cancellationToken);
        await DoAsync(cycleId, new PublishResults { By = Admin }, cancellationToken);
        await SettleAsync(cycleId, cancellationToken);
        Say("7. Đã xếp hạng và công bố kết quả lần 1 (gửi từng đơn vị, lưu văn bản xếp hạng chính thức).");

        var (complainant, code, selfScore) = adjusted[0];
        MoveTo(_time.GetUtcNow().AddDays(2));
        await DoAsync(cycleId, new FileComplaint("KN-01", complainant, [code], "Đơn vị đã bổ sung minh chứng đầy đủ trong buổi làm việc", []) { By = $"unit:{complainant.ToUpperInvariant()}" }, cancellationToken);
        await DoAsync(cycleId, new DecideComplaint("KN-01", true, "Chấp nhận: minh chứng bổ sung hợp lệ") { By = Admin }, cancellationToken);
        await DoAsync(cycleId, new Reappraise(complainant, [new AppraisedScore(code, selfScore, "Phúc khảo: công nhận minh chứng bổ sung", Admin, _time.GetUtcNow())],
            "Phúc khảo theo kiến nghị KN-01", "KN-01") { By = Admin }, cancellationToken);
        await SettleAsync(cycleId, cancellationToken);
        await DoAsync(cycleId, new PublishResults { By = Admin }, cancellationToken);
        await SettleAsync(cycleId, cancellationToken);
        var edition = await QueryAsync(cycleId, s => s.PublishedEdition, cancellationToken);
        Say($"8. Kiến nghị KN-01 của {complainant.ToUpperInvariant()} được chấp nhận, chấm lại tiêu chí {code}; công bố lần {edition}.");

        var rows = await services.GetRequiredService<RankingStore>().ReadAsync(cycleId, edition, cancellationToken);
        await PrintRankingAsync(cycleId, rows, cancellationToken);
        return new DemoOutcome(cycleId, edition, rows);
    }

    private async Task UploadAsync(string cycleId, string unit, Rubric rubric, bool spoiled, CancellationToken cancellationToken)
    {
        var (blank, fileName) = await _uploads.FormTemplateAsync(cycleId, unit, cancellationToken);
        var quality = Quality(unit);
        if (spoiled)
        {
            var refused = await _uploads.UploadFormAsync(cycleId, unit, fileName, new MemoryStream(DemoForms.Fill(blank, rubric, quality, spoiled: true)), cancellationToken);
            Say($"   – {unit.ToUpperInvariant()} nộp phiếu lỗi → bị từ chối: {(refused.Problems.Count > 0 ? refused.Problems[0].Vi : "")}; đơn vị sửa và nộp lại.");
        }

        var outcome = await _uploads.UploadFormAsync(cycleId, unit, fileName, new MemoryStream(DemoForms.Fill(blank, rubric, quality)), cancellationToken);
        if (outcome.Problems.Count > 0)
        {
            throw new InvalidOperationException($"The demo's form for {unit} was refused: {outcome.Problems[0]}");
        }
    }

    /// <summary>How well a unit does (0.40–0.95), fixed per unit so every run ranks the same way.</summary>
    public static double Quality(string unitId) =>
        0.40 + (unitId.Aggregate(7, (hash, c) => unchecked((hash * 31) + c)) & 0x7fffffff) % 56 / 100.0;

    private async Task PrintRankingAsync(string cycleId, IReadOnlyList<RankingRow> rows, CancellationToken cancellationToken)
    {
        var (names, groupNames, bands) = await QueryAsync(cycleId, s => (s.Units.ToDictionary(u => u.Key, u => u.Value.Info.Name), s.Definition!, s.Bands), cancellationToken);
        var width = names.Values.Max(n => n.Length);
        foreach (var group in rows.GroupBy(r => r.RankingGroup))
        {
            output.WriteLine();
            output.WriteLine(groupNames.GroupName(group.Key));
            output.WriteLine($"{"Hạng",4}  {"Đơn vị".PadRight(width)}  {"Tổng điểm",9}  Xếp loại");
            foreach (var row in group)
            {
                output.WriteLine(Line(row, names[row.UnitId], width, bands.Find(row.BandCode)?.NameVi));
            }
        }

        output.WriteLine();
    }

    /// <summary>One ranking line as the terminal shows it (rank, unit, total, band; a unit without rank shows «—»).</summary>
    public static string Line(RankingRow row, string name, int width, string? band) =>
        $"{(row.Rank is { } rank ? rank.ToString(CultureInfo.InvariantCulture) : "—"),4}  {name.PadRight(width)}  {row.Total.ToString("0.00", CultureInfo.InvariantCulture),9}  {band ?? "không xếp hạng"}{(row.Status == UnitStatus.NotSubmitted ? NotSubmittedMark : "")}";

    /// <summary>After the band of a unit that never submitted: it ranks last with nothing by the cycle's rule, not by a score of zero.</summary>
    public const string NotSubmittedMark = " (không nộp phiếu)";

    private void MoveTo(DateTimeOffset at) => moveClock(at);

    private void Say(string line) => output.WriteLine(line);

    private async Task DoAsync(string cycleId, CycleCommand command, CancellationToken cancellationToken)
    {
        var result = await _engine.HandleAsync(cycleId, command, cancellationToken);
        if (result.Refusal is { } refusal)
        {
            throw new InvalidOperationException($"The demo's {command.GetType().Name} was refused: {refusal.En}");
        }
    }

    private Task<T> QueryAsync<T>(string cycleId, Func<CycleState, T> read, CancellationToken cancellationToken) =>
        _engine.QueryAsync(cycleId, read, cancellationToken);

    /// <summary>Lets the cycle's orchestration fire what the moved clock made due and run its work, until it waits again.</summary>
    private Task SettleAsync(string cycleId, CancellationToken cancellationToken) => _process.SettleAsync(cycleId, TimeSpan.FromMinutes(5), cancellationToken);
}
