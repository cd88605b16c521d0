using System.Globalization;
using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;
using ItEval.Scheduling;
using ItEval.Uploads;

namespace ItEval.Web.UnitPage;

/// <summary>
/// What the unit's page shows, built from a snapshot of the cycle and the unit's uploads: plain
/// dictionaries for the template, every word already in the page's language. Shows this unit only.
/// </summary>
public static class UnitPageModel
{
    public static Dictionary<string, object?> Build(
        CycleState state, UnitProgress unit, IReadOnlyList<UploadVersion> uploads, RankingRow? result,
        UnitPageRequest request, DateTimeOffset now, long maxEvidenceBytes, VisitHours hours)
    {
        var t = UnitPageText.For(request.Language);
        var en = request.Language == "en";
        var cycle = state.Definition!;
        var calendar = state.Calendar;
        var window = UploadWindow.Of(state, unit, now);
        var deadline = state.DeadlineOf(unit);
        // Counted to the end of the unit's own window (a reopening moves it); none once it is closed,
        // e.g. after the admin ended collecting early.
        var daysLeft = state.OpenUntil(unit).DayNumber - calendar.Today(now).DayNumber;
        var forms = uploads.Where(u => u.Kind == UploadKinds.Form).ToList();
        string Time(DateTimeOffset at) => calendar.Local(at).ToString(en ? "yyyy-MM-dd HH:mm:ss" : "dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

        var model = new Dictionary<string, object?>
        {
            ["t"] = t.ToDictionary(e => e.Key, e => (object?)e.Value),
            ["base"] = $"/u/{request.Token}",
            ["lang"] = request.Language,
            ["unit"] = Map(("name", unit.Info.Name), ("code", unit.Info.Code)),
            ["cycle"] = Map(("name", cycle.Name), ("year", cycle.Year)),
            ["deadline"] = Date(deadline, en),
            ["days"] = !window.Open && daysLeft >= 0 ? null
                : daysLeft > 0 ? UnitPageText.DaysLeft(request.Language, daysLeft)
                : daysLeft == 0 ? t["today"] : UnitPageText.DaysOver(request.Language, -daysLeft),
            ["reopened_until"] = unit.ReopenedUntil is { } until && until > deadline ? Date(until, en) : null,
            ["open"] = window.Open,
            ["closed"] = window.Open ? null : en ? window.ClosedEn : window.ClosedVi,
            ["steps"] = Steps(state, unit, forms, t, en),
            ["outcome"] = Outcome(request.Outcome, t, en),
            ["versions"] = forms.Select(v => Map(
                ("id", v.Id), ("time", Time(v.At)), ("file", v.FileName), ("bytes", Size(v.Size)), ("sha", v.Sha256), ("short_sha", v.Sha256[..12]),
                ("accepted", v.Accepted), ("count", v.Problems.Count),
                ("count_text", en ? $"{v.Problems.Count} problem{(v.Problems.Count == 1 ? "" : "s")}" : $"{v.Problems.Count} lỗi"), ("current", v.Id == unit.SubmissionId), ("late", v.Late && v.Accepted),
                ("problems", v.Problems.Select(p => en ? p.En : p.Vi).ToList()))).ToList(),
            ["evidence"] = uploads.Where(u => u.Kind == UploadKinds.Evidence).Select(v => Map(
                ("id", v.Id), ("time", Time(v.At)), ("file", v.FileName), ("bytes", Size(v.Size)), ("sha", v.Sha256), ("short_sha", v.Sha256[..12]),
                ("criterion", v.CriterionCode ?? t["general"]))).ToList(),
            ["evidence_hint"] = string.Format(CultureInfo.InvariantCulture, t["evidence_hint"], maxEvidenceBytes / 1024 / 1024),
            ["evidence_accept"] = string.Join(",", EvidenceFiles.Extensions),
            ["criteria"] = state.Rubric.Leaves.Select(l => Map(("code", l.Code), ("name", $"{l.Code} – {Name(l.Name, en)}"))).ToList(),
            ["blackout"] = Blackout(state, unit, t, en, request.Saved),
            ["visit"] = Visit(state, unit, t, en, hours, request.Saved),
            ["result"] = result is { } row && state.ResultsPublished ? Result(state, unit, row, en) : null,
            // Published, then scores changed after complaints: the next edition is on its way.
            ["updating"] = state.PublishedEdition > 0 && !state.ResultsPublished && state.Phase == CyclePhase.Ranking,
            ["complaints"] = Complaints(state, unit, t, en, now),
            ["complaint_sent"] = request.Complained,
        };
        return model;
    }

    private static List<Dictionary<string, object?>> Steps(CycleState state, UnitProgress unit, List<UploadVersion> forms, IReadOnlyDictionary<string, string> t, bool en)
    {
        string Day(DateTimeOffset at) => Date(state.Calendar.Today(at), en);
        return
        [
            Step(t["step_announced"], unit.Announced, null),
            // Sent through the page and accepted, or recorded another way (JSON through the API by the IT
            // office). A refused form is kept, but it is not a form sent (issue 24).
            Step(t["step_uploaded"], forms.Any(f => f.Accepted) || unit.Submitted,
                forms.LastOrDefault(f => f.Accepted) is { } accepted ? Day(accepted.At) : unit.SubmittedAt is { } sent ? Day(sent) : null),
            Step(t["step_validated"], unit.Submitted, unit.SubmittedAt is { } at ? Day(at) + (unit.Late ? $" ({t["late"]})" : "") : null),
            Step(t["step_visit"], unit.Visit is not null, unit.Visit is { } visit ? Date(visit.Day, en) : null),
            Step(t["step_appraised"], state.AppraisedUnits.Contains(unit.Info.Id), null),
            Step(t["step_published"], state.PublishedEdition > 0, null),
        ];
    }

    private static Dictionary<string, object?> Step(string name, bool done, string? detail) => Map(("name", name), ("done", done), ("detail", detail));

    private static Dictionary<string, object?>? Outcome(UploadOutcome? outcome, IReadOnlyDictionary<string, string> t, bool en) => outcome is null ? null : Map(
        // Shown beside the complaint form rather than the upload forms.
        ("complaint", outcome.Problems.Any(p => p.Location == Forms.Where.Complaint.Key)),
        // Shown in the visit section.
        ("visit", outcome.Problems.Any(p => p.Location == Forms.Where.Visit.Key)),
        ("accepted", outcome.Current),
        ("heading", UnitPageText.Heading(outcome, t)),
        ("ok", outcome.Problems.Count == 0),
        ("problems", outcome.Problems.Select(p => en ? p.En : p.Vi).ToList()));

    private static Dictionary<string, object?>? Blackout(CycleState state, UnitProgress unit, IReadOnlyDictionary<string, string> t, bool en, bool saved)
    {
        var cycle = state.Definition!;
        var editable = state.Phase is CyclePhase.Announcing or CyclePhase.Collecting;
        if (!editable && unit.BlackoutDates.Count == 0 && unit.PreferredDates.Count == 0)
        {
            return null;
        }

        string Days(IEnumerable<DateOnly> days) => days.Order().Select(d => Weekday(d, en) + " " + Date(d, en)).DefaultIfEmpty(t["none_day"]).Aggregate((a, b) => a + ", " + b);
        return Map(
            ("editable", editable),
            ("saved", saved),
            // What the cycle recorded, read back (not what the browser sent): the unit sees exactly what was saved.
            ("saved_text", string.Format(CultureInfo.InvariantCulture, t["blackout_saved"], Days(unit.BlackoutDates), Days(unit.PreferredDates))),
            ("hint", string.Format(CultureInfo.InvariantCulture, t["blackout_hint"], CycleDecider.MaxBlackoutDays)),
            ("days", cycle.WorkingCalendar.Between(cycle.AppraisalStart, cycle.AppraisalEnd)
                .Where(d => editable || unit.BlackoutDates.Contains(d) || unit.PreferredDates.Contains(d))
                .Select(d => Map(("value", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("label", Weekday(d, en) + " " + Date(d, en)),
                    ("checked", unit.BlackoutDates.Contains(d)), ("preferred", unit.PreferredDates.Contains(d))))
                .ToList()));
    }

    /// <summary>The visit, and while it can still move (appraising, not yet appraised) the free days the unit may choose.</summary>
    private static Dictionary<string, object?>? Visit(CycleState state, UnitProgress unit, IReadOnlyDictionary<string, string> t, bool en, VisitHours hours, bool saved)
    {
        if (unit.Visit is not { } visit)
        {
            return null;
        }

        var (start, end) = hours.Of(visit.Slot);
        var team = string.Join(", ", state.Definition!.Team.Where(m => visit.TeamMemberIds.Contains(m.Id)).Select(m => m.Name));
        var movable = state.Phase == CyclePhase.Appraising && unit.Appraisals.Count == 0 && unit.VisitVersion < CycleDecider.MaxUnitVisitMoves;
        var (request, visits) = movable ? VisitPlanChanges.Current(state) : default;
        var free = movable ? ItEval.Scheduling.VisitReplanner.FreeSlots(request, visits, unit.Info.Id).Select(f => f.Day).Distinct().Order().ToList() : [];
        return Map(
            ("text", string.Format(CultureInfo.InvariantCulture, t["visit_at"], Weekday(visit.Day, en) + " " + Date(visit.Day, en),
                start.ToString("HH:mm", CultureInfo.InvariantCulture), end.ToString("HH:mm", CultureInfo.InvariantCulture), team)),
            ("moved", saved && unit.VisitVersion > 0),
            ("days", free.Select(d => Map(("value", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("label", Weekday(d, en) + " " + Date(d, en)))).ToList()));
    }

    /// <summary>Kiến nghị: the unit's complaints with their outcome, and the form while complaints are taken.</summary>
    private static Dictionary<string, object?>? Complaints(CycleState state, UnitProgress unit, IReadOnlyDictionary<string, string> t, bool en, DateTimeOffset now)
    {
        var mine = state.Complaints.Values.Where(c => c.UnitId == unit.Info.Id).ToList();
        var open = state.TakesComplaints(now);
        if (!open && mine.Count == 0)
        {
            return null;
        }

        var waiting = mine.Any(c => c.Status == ComplaintStatus.Filed);
        return Map(
            ("open", open && !waiting && mine.Count < CycleDecider.MaxComplaintsPerUnit),
            ("waiting", waiting),
            ("until", state.ComplaintsCloseAt is { } end ? Date(state.Calendar.Today(end.AddTicks(-1)), en) : null),
            ("hint", string.Format(CultureInfo.InvariantCulture, t["complaint_hint"], UnitPageEndpoints.MaxFilesPerComplaint)),
            ("list", mine.Select(c => Map(
                ("time", state.Calendar.Local(c.FiledAt).ToString(en ? "yyyy-MM-dd HH:mm" : "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)),
                ("criteria", string.Join(", ", c.CriterionCodes)),
                ("reason", c.Reason),
                ("status", t[$"complaint_{c.Status.ToString().ToLowerInvariant()}"]),
                ("decision", c.Decision))).ToList()));
    }

    private static Dictionary<string, object?> Result(CycleState state, UnitProgress unit, RankingRow row, bool en)
    {
        var rubric = state.Rubric;
        var self = state.SelfScore(unit);
        var culture = en ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("vi-VN");
        string N(decimal? value) => value is { } v ? v.ToString("0.##", culture) : "–";
        return Map(
            ("edition", state.PublishedEdition),
            ("change", row.ScoreChange is { } change ? (change > 0 ? "+" : "") + ScoreDisplay.Format(change, row.Method, en ? CultureInfo.InvariantCulture : null) : null),
            ("total", ScoreDisplay.Format(row.Total, row.Method, en ? CultureInfo.InvariantCulture : null)),
            ("rank", row.Rank?.ToString(CultureInfo.InvariantCulture) ?? "–"),
            ("group", state.Definition!.GroupName(row.RankingGroup)),
            ("not_submitted", !unit.Submitted),
            ("band", state.Bands.Find(row.BandCode) is { } band ? (en ? band.NameEn : band.NameVi) : "–"),
            ("groups", rubric.Groups.Select((g, i) => Map(("name", Name(g.Name, en)), ("self", N(self.Groups[i].Points)), ("appraised", N(row.Groups[i].Points)), ("max", N(g.MaxPoints)))).ToList()),
            ("criteria", rubric.Leaves.Select(l => Map(
                ("code", l.Code), ("name", Name(l.Name, en)), ("max", N(l.MaxPoints)),
                ("self", N(unit.SelfScores.TryGetValue(l.Code, out var s) ? s : null)),
                ("appraised", N(unit.Appraisals.TryGetValue(l.Code, out var a) ? a.Points : null)),
                ("reason", unit.Appraisals.TryGetValue(l.Code, out var r) ? r.Reason : null))).ToList()));
    }

    private static string Date(DateOnly day, bool en) => day.ToString(en ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Weekday(DateOnly day, bool en) => en ? day.DayOfWeek.ToString()[..3]
        : day.DayOfWeek == DayOfWeek.Sunday ? "CN" : $"T{(int)day.DayOfWeek + 1}";

    private static string Size(long bytes) => bytes < 1024 * 1024
        ? $"{Math.Max(1, bytes / 1024)} KB" : (bytes / 1024.0 / 1024.0).ToString("0.0 'MB'", CultureInfo.InvariantCulture);

    private static string Name(Bilingual name, bool en) => en ? name.En : name.Vi;

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);
}

/// <summary>One page view: the token it came with (for the page's own links), its language and what just happened.</summary>
public sealed record UnitPageRequest(string Token, string Language, UploadOutcome? Outcome = null, bool Saved = false, bool Complained = false);
