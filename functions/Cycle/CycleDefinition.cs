using ItEval.Ranking;

namespace ItEval.Cycle;

/// <summary>
/// Đơn vị: an agency in the roster, with its ranking group (khối), contact emails and the language of
/// its emails (vi by default, en on request), and for the appraisal visit its address and contact
/// person. Fields after Emails were added after version 1 of the stored events: they are optional and
/// left out when not set, so version-1 histories read and write the same.
/// </summary>
public sealed record UnitInfo(
    string Id, string Code, string Name, string RankingGroup, string District, IReadOnlyList<string> Emails,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Language = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Address = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Contact = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Phone = null)
{
    /// <summary>A phone number as people write it: digits, spaces, + - . ( ), 6 to 30 characters.</summary>
    public static bool IsPhone(string phone) => phone.Length is >= 6 and <= 30 && phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '.' or '(' or ')');

    /// <summary>The number a <c>tel:</c> link dials: digits and a leading +.</summary>
    public static string Dialable(string phone) => (phone.TrimStart().StartsWith('+') ? "+" : "") + new string([.. phone.Where(char.IsAsciiDigit)]);

    [System.Text.Json.Serialization.JsonIgnore]
    public string EmailLanguage => Language == "en" ? "en" : "vi";
}

/// <summary>
/// Thành viên tổ thẩm định. <see cref="Conflicts"/>: ids of units the member must not appraise (conflict
/// of interest, e.g. the unit they work at). A signed-in appraiser is this member when the account's
/// email is the member's email.
/// </summary>
public sealed record TeamMember(
    string Id, string Name, string Email,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Conflicts = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Team = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Leader = null)
{
    /// <summary>The team this member belongs to; members without one form a single team.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string TeamId => string.IsNullOrWhiteSpace(Team) ? SingleTeam : Team;

    /// <summary>The id of the one team of a cycle whose members name none.</summary>
    public const string SingleTeam = "1";

    public bool ConflictsWith(string unitId) => Conflicts?.Contains(unitId, StringComparer.Ordinal) == true;
}

/// <summary>
/// What the admin sets up in Draft: the year, the frozen rubric, scoring rules, roster, dates and team.
/// Dates are calendar days in the cycle's time zone; a deadline means the end of that day there.
/// </summary>
public sealed record CycleDefinition(
    string Id,
    int Year,
    string Name,
    string TimeZone,
    string RubricJson,
    string RubricSha256,
    ScoringMethod Method,
    UnappraisedPolicy Unappraised,
    NotSubmittedPolicy NotSubmitted,
    IReadOnlyList<string> TieBreakerGroups,
    DateOnly Deadline,
    IReadOnlyList<int> ReminderDays,
    DateOnly AppraisalStart,
    DateOnly AppraisalEnd,
    int VisitsPerDay,
    IReadOnlyList<DateOnly> Holidays,
    IReadOnlyList<string> AdminEmails,
    IReadOnlyList<TeamMember> Team,
    IReadOnlyList<UnitInfo> Units,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? DailyProgressSummary = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? RankingGroupNames = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? ComplaintDays = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DateOnly>? ExtraWorkingDays = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, Scheduling.TripLength>? FarDistricts = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DocumentHeader? DocumentHeader = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IReadOnlyList<string>>? NeighbourGroups = null)
{
    /// <summary>
    /// The working days of this cycle: the shipped public calendar (weekends, holidays, make-up days),
    /// plus the cycle's own days off (<see cref="Holidays"/>) and working days (<see cref="ExtraWorkingDays"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Scheduling.WorkingCalendar WorkingCalendar => Scheduling.WorkingCalendar.Vietnam.With(Holidays, ExtraWorkingDays);

    /// <summary>Days after the first publication in which units may file complaints (kiến nghị), unless the cycle sets its own.</summary>
    public const int DefaultComplaintDays = 10;

    [System.Text.Json.Serialization.JsonIgnore]
    public int ComplaintWindowDays => ComplaintDays ?? DefaultComplaintDays;

    /// <summary>The team member a signed-in person is, by email; null for anyone else.</summary>
    public TeamMember? MemberByEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : Team.FirstOrDefault(m => string.Equals(m.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>How people call a ranking group (khối): its display name from the roster, else its code.</summary>
    public string GroupName(string code) => RankingGroupNames?.GetValueOrDefault(code) ?? code;

    /// <summary>Time of the optional daily progress summary to admins while collecting (local time).</summary>
    public static readonly TimeOnly ProgressSummaryTime = new(17, 0);

    /// <summary>Default reminder plan: 7, 3 and 1 days before the deadline and 1 day after.</summary>
    public static readonly IReadOnlyList<int> DefaultReminderDays = [-7, -3, -1, 1];

    public ScoringSettings Scoring => new()
    {
        Method = Method,
        Unappraised = Unappraised,
        NotSubmitted = NotSubmitted,
        TieBreakerGroups = TieBreakerGroups,
    };
}
