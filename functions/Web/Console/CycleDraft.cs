using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Web.Console;

/// <summary>
/// The new-cycle form as the admin fills it: every field as typed (so anything posts and is checked
/// here), turned into the same request the API takes, so the console and the API apply the same rules.
/// </summary>
public sealed class CycleDraft
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Year { get; set; }
    public string? TimeZone { get; set; }
    public string? RosterCsv { get; set; }
    public string? CopyFrom { get; set; }
    public string? Rubric { get; set; }
    public string? RubricJson { get; set; }
    public string? Method { get; set; }
    public string? Unappraised { get; set; }
    public string? NotSubmitted { get; set; }
    public string? TieBreakers { get; set; }
    public string? Deadline { get; set; }
    public string? ReminderDays { get; set; }
    public string? AppraisalStart { get; set; }
    public string? AppraisalEnd { get; set; }
    public string? VisitsPerDay { get; set; }
    public string? Holidays { get; set; }
    public string? FarDistricts { get; set; }
    public string? ExtraWorkingDays { get; set; }
    public string? NeighbourGroups { get; set; }
    public string? DailySummary { get; set; }
    public string? Team { get; set; }
    public string? AdminEmails { get; set; }
    public string? ComplaintDays { get; set; }
    public string? DocParentAgency { get; set; }
    public string? DocIssuingAgency { get; set; }
    public string? DocNationalTitle { get; set; }
    public string? DocMotto { get; set; }
    public string? DocNumberSymbol { get; set; }
    public string? DocPlace { get; set; }
    public string? DocSignerTitle { get; set; }
    public string? DocSignerName { get; set; }
    public string? DocRecipients { get; set; }
    public string? Step { get; set; }
    public string? Reviewed { get; set; }

    /// <summary>A sensible start: this year, a deadline in a month, the usual reminders, the saved team and holidays.</summary>
    public static CycleDraft Start(DateOnly today, CycleDefaults defaults) => new()
    {
        Year = today.Year.ToString(CultureInfo.InvariantCulture),
        Id = $"danh-gia-{today.Year}",
        Name = $"Đánh giá, xếp hạng mức độ ứng dụng công nghệ thông tin năm {today.Year}",
        TimeZone = CycleCalendar.DefaultTimeZone,
        Rubric = BuiltInRubrics.DepartmentsAndDistricts,
        Method = nameof(ScoringMethod.Points),
        Unappraised = nameof(UnappraisedPolicy.UseSelfScore),
        NotSubmitted = nameof(NotSubmittedPolicy.RankLastWithZero),
        Deadline = Iso(today.AddDays(30)),
        ReminderDays = string.Join(",", CycleDefinition.DefaultReminderDays),
        AppraisalStart = Iso(today.AddDays(37)),
        AppraisalEnd = Iso(today.AddDays(75)),
        VisitsPerDay = "4",
        Holidays = string.Join("\n", defaults.Holidays.Select(Iso)),
        Team = string.Join("\n", defaults.Team.Select(m => $"{m.Id}; {m.Name}; {m.Email}" + (m.Conflicts is { Count: > 0 } conflicts ? $"; {string.Join(" ", conflicts)}" : ""))),
        ComplaintDays = CycleDefinition.DefaultComplaintDays.ToString(CultureInfo.InvariantCulture),
        AdminEmails = string.Join("\n", defaults.AdminEmails),
    };

    /// <summary>The header an earlier cycle published under, to fill the blank fields of this one.</summary>
    public void CopyHeader(DocumentHeader header)
    {
        static string? Keep(string? typed, string earlier) => string.IsNullOrWhiteSpace(typed) ? earlier : typed;
        DocParentAgency = Keep(DocParentAgency, header.ParentAgency);
        DocIssuingAgency = Keep(DocIssuingAgency, header.IssuingAgency);
        DocNationalTitle = Keep(DocNationalTitle, header.NationalTitle);
        DocMotto = Keep(DocMotto, header.Motto);
        DocNumberSymbol = Keep(DocNumberSymbol, header.NumberSymbol);
        DocPlace = Keep(DocPlace, header.Place);
        DocSignerTitle = Keep(DocSignerTitle, header.SignerTitle);
        DocSignerName = Keep(DocSignerName, header.SignerName);
        DocRecipients = Keep(DocRecipients, header.Recipients);
    }

    /// <summary>The header as typed so far (blank fields blank).</summary>
    public DocumentHeader TypedHeader =>
        new Web.DocumentHeaderRequest(DocParentAgency, DocIssuingAgency, DocNationalTitle, DocMotto, DocNumberSymbol, DocPlace, DocSignerTitle, DocSignerName, DocRecipients).ToHeader();

    /// <summary>The roster of an earlier cycle as CSV with a header, ready to edit.</summary>
    public static string RosterOf(CycleDefinition cycle)
    {
        var csv = new StringBuilder("code,name,rankingGroup,district,emails,language,rankingGroupName,address,contact,phone\n");
        foreach (var u in cycle.Units)
        {
            csv.AppendJoin(',', new[] { u.Code, u.Name, u.RankingGroup, u.District, string.Join("; ", u.Emails), u.Language ?? "", cycle.RankingGroupNames?.GetValueOrDefault(u.RankingGroup) ?? "", u.Address ?? "", u.Contact ?? "", u.Phone ?? "" }.Select(Quote)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The API's request for this draft, and the problems found reading the typed fields (by field and line).</summary>
    public (Web.CreateCycleRequest? Request, List<string> Problems) ToRequest()
    {
        var problems = new List<string>();
        int Int(string? text, string field, int fallback)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add($"{field}: \"{text}\" không phải số / is not a number");
            return fallback;
        }

        DateOnly Day(string? text, string field)
        {
            if (TryDay(text, out var day))
            {
                return day;
            }

            problems.Add($"{field}: cần chọn ngày / choose a date");
            return default;
        }

        TEnum Choice<TEnum>(string? text, string field) where TEnum : struct, Enum
        {
            if (Enum.TryParse<TEnum>(text, out var value) && Enum.IsDefined(value))
            {
                return value;
            }

            problems.Add($"{field}: lựa chọn không hợp lệ / not a valid choice");
            return default;
        }

        var holidays = new List<DateOnly>();
        foreach (var (piece, index) in Split(Holidays, '\n', ',', ';', ' ').Select((p, i) => (p, i)))
        {
            if (TryDay(piece, out var day))
            {
                holidays.Add(day);
            }
            else
            {
                problems.Add($"holidays: \"{piece}\" không phải ngày (dd/MM/yyyy) / is not a date");
            }
        }

        var team = new List<TeamMember>();
        foreach (var (line, number) in (Team ?? "").Split('\n').Select((l, i) => (l.Trim(), i + 1)).Where(l => l.Item1.Length > 0))
        {
            // A fourth part, optional: the codes of units the member must not appraise (conflict of interest).
            var parts = line.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length is not (3 or 4) || parts.Take(3).Any(p => p.Length == 0))
            {
                problems.Add($"team dòng {number}: cần \"mã; họ tên; email\" (thêm \"; mã các đơn vị xung đột lợi ích\" nếu có) / line {number}: \"id; name; email\" (and \"; codes of units in conflict\" if any) is needed");
                continue;
            }

            var conflicts = parts.Length == 4 ? Split(parts[3], ',', ' ') : [];
            team.Add(new TeamMember(parts[0], parts[1], parts[2], conflicts.Count > 0 ? conflicts : null));
        }

        var (planning, planningProblems) = VisitPlanningText.Parse(FarDistricts, ExtraWorkingDays, NeighbourGroups);
        problems.AddRange(planningProblems);
        var reminders = Split(ReminderDays, ',', ';', ' ', '\n').Select(r => Int(r, "reminderDays", 0)).ToList();
        var rubric = Rubric is BuiltInRubrics.DepartmentsAndDistricts or BuiltInRubrics.PartyAndMassOrganisations ? Rubric : RubricJson ?? "";
        var request = new Web.CreateCycleRequest(
            Id?.Trim() ?? "", Int(Year, "year", 0), Name?.Trim() ?? "", rubric, Day(Deadline, "deadline"), Day(AppraisalStart, "appraisalStart"), Day(AppraisalEnd, "appraisalEnd"),
            string.IsNullOrWhiteSpace(TimeZone) ? null : TimeZone.Trim(), Choice<ScoringMethod>(Method, "method"), Choice<UnappraisedPolicy>(Unappraised, "unappraised"),
            Choice<NotSubmittedPolicy>(NotSubmitted, "notSubmitted"), Split(TieBreakers, ',', ';', ' '), reminders, Int(VisitsPerDay, "visitsPerDay", 4), holidays,
            Split(AdminEmails, '\n', ',', ';', ' '), team, null, RosterCsv ?? "", null, DailySummary == "on" ? true : null,
            ComplaintDays: string.IsNullOrWhiteSpace(ComplaintDays) ? null : Int(ComplaintDays, "complaintDays", CycleDefinition.DefaultComplaintDays),
            DocumentHeader: new Web.DocumentHeaderRequest(DocParentAgency, DocIssuingAgency, DocNationalTitle, DocMotto, DocNumberSymbol, DocPlace, DocSignerTitle, DocSignerName, DocRecipients),
            ExtraWorkingDays: planning?.ExtraWorkingDays, FarDistricts: planning?.FarDistricts, NeighbourGroups: planning?.NeighbourGroups);
        return (problems.Count == 0 ? request : null, problems);
    }

    /// <summary>What was reviewed: creating needs the same content, so nothing changes between the review and the creation.</summary>
    public static string Fingerprint(CycleDefinition definition) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(definition, CycleJson.Options)))[..32];

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static List<string> Split(string? text, params char[] separators) =>
        [.. (text ?? "").Split(separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string Quote(string field) => field.IndexOfAny([',', '"', '\n', ';']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
