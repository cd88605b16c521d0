using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Web;

/// <summary>
/// Body of <c>POST /api/cycles</c>. The rubric is a built-in name or a rubric JSON document; the
/// roster is a list of units, or CSV text (<c>rosterCsv</c>), or an .xlsx file in base64 (<c>rosterXlsx</c>).
/// </summary>
public sealed record CreateCycleRequest(
    string Id, int Year, string Name, string Rubric, DateOnly Deadline, DateOnly AppraisalStart, DateOnly AppraisalEnd,
    string? TimeZone = null, ScoringMethod? Method = null, UnappraisedPolicy? Unappraised = null,
    NotSubmittedPolicy? NotSubmitted = null, IReadOnlyList<string>? TieBreakerGroups = null, IReadOnlyList<int>? ReminderDays = null,
    int? VisitsPerDay = null, IReadOnlyList<DateOnly>? Holidays = null, IReadOnlyList<string>? AdminEmails = null,
    IReadOnlyList<TeamMember>? Team = null, IReadOnlyList<UnitInfo>? Units = null, string? RosterCsv = null, string? RosterXlsx = null, bool? DailyProgressSummary = null,
    IReadOnlyDictionary<string, string>? RankingGroups = null, int? ComplaintDays = null,
    IReadOnlyList<DateOnly>? ExtraWorkingDays = null, IReadOnlyDictionary<string, ItEval.Scheduling.TripLength>? FarDistricts = null,
    DocumentHeaderRequest? DocumentHeader = null, IReadOnlyList<IReadOnlyList<string>>? NeighbourGroups = null)
{
    /// <summary>The definition, or every problem with the request (roster rows by line, rubric by path).</summary>
    public (CycleDefinition? Definition, IReadOnlyList<string> Problems) ToDefinition(ItEval.Forms.FormOptions limits)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id) || !System.Text.RegularExpressions.Regex.IsMatch(Id, "^[a-z0-9][a-z0-9-]{1,62}$"))
        {
            problems.Add("id: chữ thường, số và dấu gạch ngang / lowercase letters, digits and hyphens");
        }

        var rubricJson = BuiltInRubrics.Names.Contains(Rubric) ? BuiltInRubrics.Json(Rubric) : Rubric;
        var (rubric, rubricProblems) = RubricReader.TryRead(rubricJson ?? "");
        if (rubric is null && !(Rubric ?? "").TrimStart().StartsWith('{'))
        {
            // Not JSON at all: most likely a mistyped built-in name.
            rubricProblems = [new RubricProblem("$", $"không có bộ tiêu chí có sẵn tên \"{Rubric}\" ({string.Join(", ", BuiltInRubrics.Names)})",
                $"there is no built-in rubric \"{Rubric}\" ({string.Join(", ", BuiltInRubrics.Names)})")];
        }

        problems.AddRange(rubricProblems.Select(p => $"rubric {p}"));
        if (new[] { Units is { Count: > 0 }, RosterCsv is { Length: > 0 }, RosterXlsx is { Length: > 0 } }.Count(x => x) > 1)
        {
            problems.Add("roster: chỉ dùng một trong units, rosterCsv, rosterXlsx / use only one of units, rosterCsv, rosterXlsx");
        }


        var units = new List<UnitInfo>(Units ?? []);
        problems.AddRange(units.Where(u => !CycleRequestRules.IsId(u.Id)).Select(u =>
            $"units: mã đơn vị \"{u.Id}\" không hợp lệ (chữ, số, - _ .) / unit id \"{u.Id}\" is not valid (letters, digits, - _ .)"));
        problems.AddRange(units.SelectMany(u => u.Emails.Where(e => !ItEval.Email.EmailAddresses.IsValid(e)).Select(e => (u.Id, e))).Select(x =>
            $"units: email \"{ItEval.Email.EmailAddresses.HeaderSafe(x.e)}\" của đơn vị \"{x.Id}\" không hợp lệ / email \"{ItEval.Email.EmailAddresses.HeaderSafe(x.e)}\" of unit \"{x.Id}\" is not valid"));
        problems.AddRange((Team ?? []).Where(m => !ItEval.Email.EmailAddresses.IsValid(m.Email)).Select(m =>
            $"team: email \"{ItEval.Email.EmailAddresses.HeaderSafe(m.Email)}\" của \"{m.Name}\" không hợp lệ / email \"{ItEval.Email.EmailAddresses.HeaderSafe(m.Email)}\" of \"{m.Name}\" is not valid"));
        problems.AddRange((AdminEmails ?? []).Where(e => !ItEval.Email.EmailAddresses.IsValid(e)).Select(e =>
            $"adminEmails: email \"{ItEval.Email.EmailAddresses.HeaderSafe(e)}\" không hợp lệ / email \"{ItEval.Email.EmailAddresses.HeaderSafe(e)}\" is not valid"));
        var groupNames = new Dictionary<string, string>(StringComparer.Ordinal);
        void Import(Roster roster)
        {
            units.AddRange(roster.Units);
            problems.AddRange(roster.Problems);
            foreach (var (code, name) in roster.GroupNames)
            {
                groupNames[code] = name;
            }
        }

        if (RosterCsv is { Length: > 0 })
        {
            Import(RosterImport.FromCsv(RosterCsv));
        }

        if (RosterXlsx is { Length: > 0 })
        {
            try
            {
                Import(RosterImport.FromXlsx(Convert.FromBase64String(RosterXlsx), limits));
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Xml.XmlException)
            {
                problems.Add("rosterXlsx: tệp Excel không đọc được / the Excel file cannot be read");
            }
        }

        foreach (var (code, name) in RankingGroups ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add($"rankingGroups: tên khối \"{code}\" trống / the name of ranking group \"{code}\" is empty");
                continue;
            }

            groupNames[code] = name.Trim();
        }

        var timeZone = TimeZone ?? CycleCalendar.DefaultTimeZone;
        if (!CycleCalendar.IsKnown(timeZone))
        {
            problems.Add($"timeZone: múi giờ \"{timeZone}\" không có; hãy dùng tên IANA, ví dụ {CycleCalendar.DefaultTimeZone} / the time zone \"{timeZone}\" does not exist; use an IANA name such as {CycleCalendar.DefaultTimeZone}");
        }

        if (problems.Count > 0 || rubric is null)
        {
            return (null, problems);
        }

        var snapshot = RubricSnapshot.Of(rubric);
        return (new CycleDefinition(
            Id, Year, Name, timeZone, snapshot.Json, snapshot.Sha256,
            Method ?? ScoringMethod.Points, Unappraised ?? UnappraisedPolicy.UseSelfScore, NotSubmitted ?? NotSubmittedPolicy.RankLastWithZero,
            TieBreakerGroups ?? [], Deadline, ReminderDays ?? CycleDefinition.DefaultReminderDays, AppraisalStart, AppraisalEnd,
            VisitsPerDay ?? 4, Holidays ?? [], AdminEmails ?? [], Team ?? [], units, DailyProgressSummary == true ? true : null,
            groupNames.Count > 0 ? groupNames : null, ComplaintDays,
            ExtraWorkingDays is { Count: > 0 } ? ExtraWorkingDays : null,
            FarDistricts is { Count: > 0 } ? new VisitPlanningSettings(FarDistricts).InRosterSpelling(units).FarDistricts : null,
            // Fields left out take the template of the rubric's bloc (Party or state); the place and the
            // governing body stay blank until the admin writes them, and publishing waits for them.
            (DocumentHeader ?? new DocumentHeaderRequest()).ToHeader().OrDefaults(ItEval.Cycle.DocumentHeader.For(rubric)),
            new VisitPlanningRequest(NeighbourGroups: NeighbourGroups).ToSettings().Normalized().InRosterSpelling(units).NeighbourGroups), []);
    }
}

/// <summary>Rules on what clients send that the storage keys rely on.</summary>
public static partial class CycleRequestRules
{
    /// <summary>Ids of cycles and units: letters, digits, <c>- _ .</c>, at most 80 characters (safe in every storage key).</summary>
    public static bool IsId(string value) => IdPattern().IsMatch(value);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")]
    private static partial System.Text.RegularExpressions.Regex IdPattern();
}

public sealed record ReasonRequest(string? Reason = null);

/// <summary>End collecting early; <see cref="EvenIfMissing"/> ends it now although some units have not submitted.</summary>
public sealed record AdvanceRequest(string? Reason = null, bool? EvenIfMissing = null);

/// <summary>The header of the official documents as a client sends it: every field optional (blank takes the bloc's template when a cycle is created).</summary>
public sealed record DocumentHeaderRequest(
    string? ParentAgency = null, string? IssuingAgency = null, string? NationalTitle = null, string? Motto = null, string? NumberSymbol = null,
    string? Place = null, string? SignerTitle = null, string? SignerName = null, string? Recipients = null)
{
    public DocumentHeader ToHeader()
    {
        static string Clean(string? text) => (text ?? "").Replace("\r", "", StringComparison.Ordinal).Trim();
        return new(Clean(ParentAgency), Clean(IssuingAgency), Clean(NationalTitle), Clean(Motto), Clean(NumberSymbol), Clean(Place),
            Clean(SignerTitle), Clean(SignerName), Clean(Recipients));
    }
}

/// <summary>Đính chính: publish the results again under this header, as a new edition, with the reason.</summary>
public sealed record CorrectDocumentsRequest(DocumentHeaderRequest? Header = null, string? Reason = null);

/// <summary>Replay failed work items (all of the cycle's when <see cref="WorkIds"/> is left out), with the reason.</summary>
public sealed record RetryWorkRequest(string? Reason = null, IReadOnlyList<string>? WorkIds = null);

public sealed record ExtendDeadlineRequest(DateOnly Deadline, string? Reason = null, string? UnitId = null);

public sealed record ReopenRequest(string UnitId, DateOnly Until, string? Reason = null);

/// <summary>Body of <c>PUT /api/cycles/{id}/visit-planning</c>: the whole settings (what is left out is cleared).</summary>
public sealed record VisitPlanningRequest(
    IReadOnlyDictionary<string, ItEval.Scheduling.TripLength>? FarDistricts = null, IReadOnlyList<DateOnly>? ExtraWorkingDays = null,
    IReadOnlyList<IReadOnlyList<string>>? NeighbourGroups = null, string? Reason = null)
{
    public VisitPlanningSettings ToSettings() => new(FarDistricts, ExtraWorkingDays, NeighbourGroups?.Select(g => (IReadOnlyList<string>)[.. (g ?? []).Select(n => n?.Trim() ?? "")]).ToList());
}

public sealed record AppraisalWindowRequest(DateOnly Start, DateOnly End, int VisitsPerDay, string? Reason = null);

public sealed record ScoreRequest(string Code, decimal Points, string? Reason = null);

/// <summary>Body of the appraisal and re-appraisal events.</summary>
public sealed record AppraisalRequest(string UnitId, IReadOnlyList<ScoreRequest> Scores, string? Reason = null, string? ComplaintId = null);

/// <summary>Revoke a unit's link and send a new one; new addresses when the contact person changed.</summary>
public sealed record ReissueLinkRequest(string? Reason = null, IReadOnlyList<string>? Emails = null);
