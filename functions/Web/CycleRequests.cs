using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Web;

/// <summary>
/// Body of <c>POST /api/cycles</c>. The rubric is a built-in name or a rubric JSON document; the
/// roster is a list of units, or CSV text (<c>rosterCsv</c>), or an .xlsx file in base64 (<c>rosterXlsx</c>).
/// </summary>
public sealed record CreateCycleRequest(
    string Id, int Year, string Name, string? TimeZone, string Rubric, ScoringMethod? Method, UnappraisedPolicy? Unappraised,
    NotSubmittedPolicy? NotSubmitted, IReadOnlyList<string>? TieBreakerGroups, DateOnly Deadline, IReadOnlyList<int>? ReminderDays,
    DateOnly AppraisalStart, DateOnly AppraisalEnd, int? VisitsPerDay, IReadOnlyList<DateOnly>? Holidays, IReadOnlyList<string>? AdminEmails,
    IReadOnlyList<TeamMember>? Team, IReadOnlyList<UnitInfo>? Units, string? RosterCsv, string? RosterXlsx, bool? DailyProgressSummary = null)
{
    /// <summary>The definition, or every problem with the request (roster rows by line, rubric by path).</summary>
    public (CycleDefinition? Definition, IReadOnlyList<string> Problems) ToDefinition()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id) || !System.Text.RegularExpressions.Regex.IsMatch(Id, "^[a-z0-9][a-z0-9-]{1,62}$"))
        {
            problems.Add("id: chữ thường, số và dấu gạch ngang / lowercase letters, digits and hyphens");
        }

        var rubricJson = BuiltInRubrics.Names.Contains(Rubric) ? BuiltInRubrics.Json(Rubric) : Rubric;
        var (rubric, rubricProblems) = RubricReader.TryRead(rubricJson ?? "");
        problems.AddRange(rubricProblems.Select(p => $"rubric {p}"));

        var units = new List<UnitInfo>(Units ?? []);
        if (RosterCsv is { Length: > 0 })
        {
            var (imported, rosterProblems) = RosterImport.FromCsv(RosterCsv);
            units.AddRange(imported);
            problems.AddRange(rosterProblems);
        }

        if (RosterXlsx is { Length: > 0 })
        {
            try
            {
                var (imported, rosterProblems) = RosterImport.FromXlsx(Convert.FromBase64String(RosterXlsx));
                units.AddRange(imported);
                problems.AddRange(rosterProblems);
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Xml.XmlException)
            {
                problems.Add("rosterXlsx: tệp Excel không đọc được / the Excel file cannot be read");
            }
        }

        if (problems.Count > 0 || rubric is null)
        {
            return (null, problems);
        }

        var snapshot = RubricSnapshot.Of(rubric);
        return (new CycleDefinition(
            Id, Year, Name, TimeZone ?? CycleCalendar.DefaultTimeZone, snapshot.Json, snapshot.Sha256,
            Method ?? ScoringMethod.Points, Unappraised ?? UnappraisedPolicy.UseSelfScore, NotSubmitted ?? NotSubmittedPolicy.RankLastWithZero,
            TieBreakerGroups ?? [], Deadline, ReminderDays ?? CycleDefinition.DefaultReminderDays, AppraisalStart, AppraisalEnd,
            VisitsPerDay ?? 4, Holidays ?? [], AdminEmails ?? [], Team ?? [], units, DailyProgressSummary == true ? true : null), []);
    }
}

public sealed record ReasonRequest(string? Reason);

/// <summary>Replay failed work items (all of the cycle's when <see cref="WorkIds"/> is left out), with the reason.</summary>
public sealed record RetryWorkRequest(string? Reason, IReadOnlyList<string>? WorkIds);

public sealed record ExtendDeadlineRequest(string? UnitId, DateOnly Deadline, string? Reason);

public sealed record ReopenRequest(string UnitId, DateOnly Until, string? Reason);

public sealed record AppraisalWindowRequest(DateOnly Start, DateOnly End, int VisitsPerDay, string? Reason);

public sealed record ScoreRequest(string Code, decimal Points, string? Reason);

/// <summary>Body of the appraisal and re-appraisal events.</summary>
public sealed record AppraisalRequest(string UnitId, IReadOnlyList<ScoreRequest> Scores, string? Reason);

/// <summary>Revoke a unit's link and send a new one; new addresses when the contact person changed.</summary>
public sealed record ReissueLinkRequest(string? Reason, IReadOnlyList<string>? Emails);
