using System.Globalization;
using ItEval.Email;
using ItEval.Links;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Cycle;

/// <summary>
/// The cycle's emails: ids and recipients from the cycle, texts from the templates, in each unit's
/// language. Built from a snapshot of the state taken under the engine's lock.
/// </summary>
public sealed class CycleEmails(EmailRenderer renderer, UnitLinks links, Microsoft.Extensions.Options.IOptions<Scheduling.VisitHours> hours)
{
    public static string Id(string cycleId, string unitId, string kind, string? key) => $"{cycleId}/{unitId}/{kind}/{key ?? "1"}";

    public EmailMessage Announcement(CycleState state, UnitProgress unit)
    {
        var model = Base(state, unit);
        model["criteria"] = state.Rubric.Groups.Select(g => Map(("name", Name(g.Name, unit.Info.EmailLanguage)), ("max", Number(g.MaxPoints, unit.Info.EmailLanguage)))).ToList();
        return Message(unit, EmailKinds.Announcement, null, model);
    }

    public EmailMessage Reminder(CycleState state, UnitProgress unit, string kind, string key, DateTimeOffset now)
    {
        var model = Base(state, unit);
        var daysLeft = state.DeadlineOf(unit).DayNumber - state.Calendar.Today(now).DayNumber;
        model["days_left"] = daysLeft;
        model["days_left_text"] = CycleWords.Days(daysLeft, unit.Info.EmailLanguage);
        return Message(unit, kind, key, model);
    }

    public EmailMessage NewLink(CycleState state, UnitProgress unit, string key) => Message(unit, EmailKinds.NewLink, key, Base(state, unit));

    public EmailMessage Extended(CycleState state, UnitProgress unit, string key) => Message(unit, EmailKinds.DeadlineExtended, key, Base(state, unit));

    public EmailMessage Visit(CycleState state, UnitProgress unit, string kind, string key)
    {
        var model = Base(state, unit);
        var (start, end) = hours.Value.Of(unit.Visit!.Slot);
        model["visit"] = Map(("date", Date(unit.Visit!.Day)), ("start", start.ToString("HH:mm", CultureInfo.InvariantCulture)),
            ("end", end.ToString("HH:mm", CultureInfo.InvariantCulture)), ("team", Team(state, unit.Visit!)));
        var message = Message(unit, kind, key, model);
        if (kind != EmailKinds.VisitPlan)
        {
            return message;
        }

        var cycle = state.Definition!;
        // The invite is the unit's own: its texts with the unit's values, not the shared tokens.
        var resolved = message.Resolve();
        var invite = VisitCalendar.Invite($"{Id(cycle.Id, unit.Info.Id, "visit", null)}@iteval", resolved.Subject, resolved.Text,
            unit.Visit!.Day.ToDateTime(start), unit.Visit.Day.ToDateTime(end), cycle.TimeZone,
            unit.Info.Emails.Concat(cycle.Team.Where(m => unit.Visit.TeamMemberIds.Contains(m.Id)).Select(m => m.Email)), unit.VisitVersion);
        return message with { Attachments = [new EmailAttachment("lich-tham-dinh.ics", "text/calendar", invite)] };
    }

    /// <summary>The whole plan for the team (members still in it); <paramref name="key"/> is "team", then "team{n}" after each change.</summary>
    public EmailMessage TeamPlan(CycleState state, string key)
    {
        var cycle = state.Definition!;
        var model = new Dictionary<string, object?>
        {
            ["cycle"] = CycleModel(cycle),
            ["visits"] = state.Visited.OrderBy(u => u.Visit!.Day).ThenBy(u => u.Visit!.Slot).Select(u =>
            {
                var (start, end) = hours.Value.Of(u.Visit!.Slot);
                return Map(("date", Date(u.Visit!.Day)), ("start", start.ToString("HH:mm", CultureInfo.InvariantCulture)),
                    ("end", end.ToString("HH:mm", CultureInfo.InvariantCulture)), ("unit", u.Info.Name), ("team", Team(state, u.Visit!)));
            }).ToList(),
        };
        var rendered = renderer.Render("team-plan", "vi", model);
        return new EmailMessage(Id(cycle.Id, "team", EmailKinds.VisitPlan, key), EmailKinds.VisitPlan, [.. state.ActiveTeam.Select(m => m.Email)],
            rendered.Subject, rendered.Text, rendered.Html);
    }

    public EmailMessage Result(CycleState state, UnitProgress unit, RankingRow row, string key)
    {
        var language = unit.Info.EmailLanguage;
        var rubric = state.Rubric;
        var self = state.SelfScore(unit);
        var model = Base(state, unit);
        model["result"] = Map(
            ("total", Score(row.Total, row.Method, language)),
            ("rank", row.Rank),
            ("group", state.Definition!.GroupName(row.RankingGroup)),
            ("group_phrase", GroupNames.Phrase(state.Definition.GroupName(row.RankingGroup))),
            ("band", state.Bands.Find(row.BandCode) is { } band ? (language == "en" ? band.NameEn : band.NameVi) : null),
            ("change", row.ScoreChange is { } change ? (change >= 0 ? "+" : "") + Score(change, row.Method, language) : null),
            ("groups", rubric.Groups.Select((g, i) => Map(("name", Name(g.Name, language)), ("self", Number(self.Groups[i].Points, language)),
                ("appraised", Number(row.Groups[i].Points, language)), ("max", Number(g.MaxPoints, language)))).ToList()));
        // Said in words instead of a table of zeros: what not submitting means for the rank. Not a
        // personal value (it shapes the text), so messages of each outcome share their content.
        model["not_submitted"] = unit.Submitted ? null : state.Definition.NotSubmitted == NotSubmittedPolicy.RankLastWithZero ? "last" : "unranked";
        return Message(unit, EmailKinds.Result, key, model);
    }

    public EmailMessage AdminSummary(CycleState state, IReadOnlyList<RankingRow> rows, string key)
    {
        var cycle = state.Definition!;
        var model = new Dictionary<string, object?>
        {
            ["cycle"] = CycleModel(cycle),
            ["summary"] = Map(("units", rows.Count), ("bands", rows.GroupBy(r => r.BandCode).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Map(("name", state.Bands.Find(g.Key)?.NameVi ?? "Không xếp hạng"), ("count", g.Count()))).ToList())),
        };
        var rendered = renderer.Render("admin-summary", "vi", model);
        return new EmailMessage(Id(cycle.Id, "admins", EmailKinds.AdminSummary, key), EmailKinds.AdminSummary, cycle.AdminEmails, rendered.Subject, rendered.Text, rendered.Html);
    }

    public EmailMessage ProgressSummary(CycleState state, string key)
    {
        var cycle = state.Definition!;
        var missing = state.Units.Values.Where(u => !u.Submitted).OrderBy(u => u.Info.Code, StringComparer.Ordinal).ToList();
        var model = new Dictionary<string, object?>
        {
            ["cycle"] = CycleModel(cycle),
            ["deadline"] = Date(state.Deadline),
            ["progress"] = Map(("units", state.Units.Count), ("submitted", state.Units.Count - missing.Count), ("late", state.Units.Values.Count(u => u.Late)),
                ("missing", missing.Count), ("missing_units", missing.Take(200).Select(u => Map(("name", u.Info.Name), ("code", u.Info.Code))).ToList())),
        };
        var rendered = renderer.Render(EmailKinds.ProgressSummary, "vi", model);
        return new EmailMessage(Id(cycle.Id, "admins", EmailKinds.ProgressSummary, key), EmailKinds.ProgressSummary, cycle.AdminEmails, rendered.Subject, rendered.Text, rendered.Html);
    }

    /// <summary>To the admins when no visit plan could be made: why, and what they can change.</summary>
    public EmailMessage SchedulingFailed(CycleState state, string key)
    {
        var cycle = state.Definition!;
        var model = new Dictionary<string, object?>
        {
            ["cycle"] = CycleModel(cycle),
            ["problem"] = state.SchedulingProblem,
            ["window"] = Map(("start", Date(cycle.AppraisalStart)), ("end", Date(cycle.AppraisalEnd)), ("visits_per_day", cycle.VisitsPerDay)),
        };
        var rendered = renderer.Render(EmailKinds.SchedulingFailed, "vi", model);
        return new EmailMessage(Id(cycle.Id, "admins", EmailKinds.SchedulingFailed, key), EmailKinds.SchedulingFailed, cycle.AdminEmails, rendered.Subject, rendered.Text, rendered.Html);
    }

    /// <summary>To the admins: a unit filed a complaint (kiến nghị); what about and why.</summary>
    public EmailMessage ComplaintFiled(CycleState state, string complaintId)
    {
        var cycle = state.Definition!;
        var complaint = state.Complaints[complaintId];
        var unit = state.Units[complaint.UnitId];
        var model = new Dictionary<string, object?>
        {
            ["cycle"] = CycleModel(cycle),
            ["unit"] = Map(("name", unit.Info.Name), ("code", unit.Info.Code)),
            ["complaint"] = ComplaintModel(state, complaint, "vi"),
        };
        var rendered = renderer.Render(EmailKinds.ComplaintFiled, "vi", model);
        return new EmailMessage(Id(cycle.Id, "admins", EmailKinds.ComplaintFiled, complaintId), EmailKinds.ComplaintFiled, cycle.AdminEmails, rendered.Subject, rendered.Text, rendered.Html);
    }

    /// <summary>To the unit: its complaint was accepted (its criteria are appraised again) or rejected, with the reason.</summary>
    public EmailMessage ComplaintDecided(CycleState state, UnitProgress unit, string complaintId)
    {
        var complaint = state.Complaints[complaintId];
        var model = Base(state, unit);
        model["complaint"] = ComplaintModel(state, complaint, unit.Info.EmailLanguage);
        return Message(unit, EmailKinds.ComplaintDecided, complaintId, model);
    }

    private static Dictionary<string, object?> ComplaintModel(CycleState state, Complaint complaint, string language) => Map(
        ("criteria", string.Join("; ", complaint.CriterionCodes.Select(code => $"{code} {(state.Rubric.FindCriterion(code) is { } c ? Name(c.Name, language) : "")}".Trim()))),
        ("reason", complaint.Reason),
        ("accepted", complaint.Status is ComplaintStatus.Accepted or ComplaintStatus.Reappraised ? "yes" : null),
        ("decision", complaint.Decision),
        ("filed", state.Calendar.Local(complaint.FiledAt).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)));

    /// <param name="key">The failed work id, and since replays exist, "@" and the failure's event sequence.</param>
    public EmailMessage AdminAlert(CycleState state, string key)
    {
        var cycle = state.Definition!;
        var workId = key.Split('@')[0];
        var error = state.FailedWork.TryGetValue(workId, out var failed) ? failed.Error : state.LastError;
        var model = new Dictionary<string, object?> { ["cycle"] = CycleModel(cycle), ["alert"] = Map(("work", workId), ("error", error)) };
        var rendered = renderer.Render("admin-alert", "vi", model);
        return new EmailMessage(Id(cycle.Id, "admins", EmailKinds.AdminAlert, key.Replace(':', '-').Replace('@', '-')), EmailKinds.AdminAlert, cycle.AdminEmails, rendered.Subject, rendered.Text, rendered.Html);
    }

    /// <summary>
    /// Renders a unit's email with its personal values (everything but the cycle and the rubric) as
    /// substitution tokens, once for the text and once for the HTML (where values are HTML-escaped),
    /// so every unit's email of one kind has the same content and can be batched by the provider.
    /// </summary>
    private EmailMessage Message(UnitProgress unit, string kind, string? key, Dictionary<string, object?> model)
    {
        var substitutions = new Dictionary<string, string>(StringComparer.Ordinal);
        var textModel = Tokenize(model, "t", substitutions, html: false);
        var htmlModel = Tokenize(model, "h", substitutions, html: true);
        var text = renderer.Render(kind, unit.Info.EmailLanguage, textModel);
        var html = renderer.Render(kind, unit.Info.EmailLanguage, htmlModel);
        var cycleId = ((Dictionary<string, object?>)model["cycle"]!)["id"]!.ToString()!;
        return new EmailMessage(Id(cycleId, unit.Info.Id, kind, key), kind, unit.Info.Emails, text.Subject, text.Text, html.Html, Substitutions: substitutions);
    }

    private static readonly HashSet<string> Shared = ["cycle", "criteria", "not_submitted"];
    private static readonly System.Text.Encodings.Web.HtmlEncoder HtmlText = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static Dictionary<string, object?> Tokenize(Dictionary<string, object?> model, string prefix, Dictionary<string, string> substitutions, bool html)
    {
        var counter = 0;
        object? Token(object? value) => value switch
        {
            null => null,
            Dictionary<string, object?> map => map.ToDictionary(e => e.Key, e => Token(e.Value)),
            IEnumerable<Dictionary<string, object?>> list => list.Select(item => (Dictionary<string, object?>)Token(item)!).ToList(),
            _ => Add(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
        };
        string Add(string value)
        {
            var token = $"%%{prefix}{counter++}%%";
            substitutions[token] = html ? HtmlText.Encode(value) : value;
            return token;
        }

        return model.ToDictionary(e => e.Key, e => Shared.Contains(e.Key) ? e.Value : Token(e.Value));
    }

    private Dictionary<string, object?> Base(CycleState state, UnitProgress unit)
    {
        return new Dictionary<string, object?>
        {
            ["cycle"] = CycleModel(state.Definition!),
            ["unit"] = Map(("name", unit.Info.Name), ("code", unit.Info.Code)),
            ["deadline"] = Date(state.DeadlineOf(unit)),
            ["link"] = links.UnitUrl(state, unit),
        };
    }

    private static Dictionary<string, object?> CycleModel(CycleDefinition cycle) => Map(
        ("id", cycle.Id), ("name", cycle.Name), ("year", cycle.Year), ("appraisal_start", Date(cycle.AppraisalStart)), ("appraisal_end", Date(cycle.AppraisalEnd)));

    private static string Team(CycleState state, Visit visit) =>
        string.Join(", ", state.Definition!.Team.Where(m => visit.TeamMemberIds.Contains(m.Id)).Select(m => m.Name));

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    private static string Date(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Name(Bilingual name, string language) => language == "en" ? name.En : name.Vi;

    private static string Number(decimal value, string language) => language == "en" ? Numbers(value, CultureInfo.InvariantCulture) : Numbers(value, CultureInfo.GetCultureInfo("vi-VN"));

    private static string Numbers(decimal value, CultureInfo culture) => value.ToString("0.##", culture);

    private static string Score(decimal value, ScoringMethod method, string language) =>
        ScoreDisplay.Format(value, method, language == "en" ? CultureInfo.InvariantCulture : null);
}
