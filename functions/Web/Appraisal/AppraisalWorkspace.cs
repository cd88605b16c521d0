using System.Globalization;
using System.Security.Claims;
using ItEval.Cycle;
using ItEval.Forms;
using ItEval.Ranking;
using ItEval.Rubrics;
using ItEval.Uploads;
using Microsoft.Extensions.Options;

namespace ItEval.Web.Appraisal;

/// <summary>How an appraised score is entered, as the rubric says it is answered.</summary>
public enum InputKind
{
    /// <summary>A number from 0 to the max (the cycle checks the rubric's decimals).</summary>
    Points,

    /// <summary>A choice among fixed values: yes/no, levels, percentage steps.</summary>
    Choice,
}

/// <summary>One criterion on the appraisal page: the unit's answer beside the appraised score being entered.</summary>
public sealed record CriterionInput(
    string Code, string Name, string? Guidance, decimal Max, InputKind Kind, IReadOnlyList<(string Value, string Label)> Options,
    decimal? Self, string? SelfAnswer, string? Explanation, string Value, string Reason, bool Editable, IReadOnlyList<UploadVersion> Evidence, AppraisedScore? Recorded);

public sealed record CriteriaGroupInputs(string Code, string Name, decimal Max, IReadOnlyList<CriterionInput> Criteria);

/// <summary>The appraisal page of one unit for one person.</summary>
public sealed record UnitAppraisal(
    string CycleId, string CycleName, CyclePhase Phase, UnitInfo Unit, Visit? Visit, string Team, bool MayRead, bool MayScore, string? WhyNot, bool Appraised,
    IReadOnlyList<CriteriaGroupInputs> Groups, IReadOnlyList<UploadVersion> Evidence, DateTimeOffset? DraftSavedAt, Complaint? Complaint);

/// <summary>
/// The appraiser's workspace: which units a person may appraise, what the unit said (self-score,
/// explanation, evidence) and the inputs for the appraised scores, prefilled from the person's draft,
/// else the recorded appraisal, else the self-score.
/// </summary>
public sealed class AppraisalWorkspace(CycleEngine engine, UnitUploads uploads, FormReader forms, AppraisalDrafts drafts, IOptions<Scheduling.VisitHours> hours)
{
    /// <summary>Whose draft: the person's user name (or name for other sign-ins).</summary>
    public static string Owner(ClaimsPrincipal user) => user.FindFirstValue(Authentication.UserNameClaim) ?? user.Who();

    public async Task<UnitAppraisal?> GetAsync(string cycleId, string unitId, ClaimsPrincipal user, string? complaintId, bool en, CancellationToken ct)
    {
        if (!CycleRequestRules.IsId(cycleId) || !CycleRequestRules.IsId(unitId)
            || await engine.QueryAsync(cycleId, s => s.Exists && s.Units.TryGetValue(unitId, out var unit) ? s.FormOf(unit) : null, ct) is not { } form)
        {
            return null;
        }

        var versions = await uploads.ListAsync(cycleId, unitId, ct);
        var submission = await engine.QueryAsync(cycleId, s => s.Units[unitId].SubmissionId, ct);
        var answers = await AnswersAsync(cycleId, unitId, versions.FirstOrDefault(v => v.Id == submission), form, ct);
        var draft = await drafts.GetAsync(cycleId, unitId, Owner(user), ct);
        var scope = user.AppraiserScope();
        return await engine.QueryAsync(cycleId, s => Build(s, s.Units[unitId], scope, complaintId, versions, answers, draft, en), ct);
    }

    private static UnitAppraisal Build(CycleState state, UnitProgress unit, string? scope, string? complaintId, IReadOnlyList<UploadVersion> versions,
        IReadOnlyDictionary<string, CriterionAnswer> answers, (IReadOnlyDictionary<string, DraftScore> Scores, DateTimeOffset SavedAt)? draft, bool en)
    {
        var cycle = state.Definition!;
        var complaint = complaintId is not null && state.Complaints.TryGetValue(complaintId, out var c) && c.UnitId == unit.Info.Id && c.Status == ComplaintStatus.Accepted ? c : null;
        var notWho = NotWho(state, unit, scope, en);
        var whyNot = notWho ?? NotNow(state, unit, complaint, en);
        var evidence = versions.Where(v => v.Kind == UploadKinds.Evidence && v.Accepted).ToList();
        var groups = state.Rubric.Groups.Select(g => new CriteriaGroupInputs(g.Code, Name(g.Name, en), g.MaxPoints, [.. g.Criteria.SelectMany(x => x.Leaves).Select(leaf =>
        {
            var self = unit.SelfScores.TryGetValue(leaf.Code, out var s) ? s : (decimal?)null;
            var recorded = unit.Appraisals.GetValueOrDefault(leaf.Code);
            var typed = draft?.Scores.GetValueOrDefault(leaf.Code);
            var (kind, options) = Input(leaf, en);
            var editable = whyNot is null && (complaint is null || complaint.CriterionCodes.Contains(leaf.Code));
            return new CriterionInput(leaf.Code, Name(leaf.Name, en), leaf.Guidance is { } guidance ? Name(guidance, en) : null, leaf.MaxPoints, kind, options,
                self, answers.GetValueOrDefault(leaf.Code)?.Answer, answers.GetValueOrDefault(leaf.Code)?.Explanation,
                typed?.Points ?? Text(recorded?.Points ?? self), typed?.Reason ?? recorded?.Reason ?? "", editable,
                [.. evidence.Where(v => v.CriterionCode == leaf.Code)], recorded);
        })])).ToList();
        var team = unit.Visit is { } visit ? string.Join(", ", cycle.Team.Where(m => visit.TeamMemberIds.Contains(m.Id)).Select(m => m.Name)) : "";
        return new UnitAppraisal(state.Id, cycle.Name, state.Phase, unit.Info, unit.Visit, team, notWho is null, whyNot is null, whyNot, state.FullyAppraised(unit), groups,
            [.. evidence.Where(v => v.CriterionCode is null)], draft?.SavedAt, complaint);
    }

    /// <summary>Why this person may not appraise this unit (nor read its files); null if they may.</summary>
    private static string? NotWho(CycleState state, UnitProgress unit, string? scope, bool en)
    {
        if (unit.Visit is null)
        {
            return en ? "This unit is not on the visit plan." : "Đơn vị không có trong lịch thẩm định.";
        }

        if (scope is null)
        {
            return null;
        }

        var member = state.Definition!.MemberByEmail(scope);
        return member is null ? (en ? "Your account's email is not a member of this cycle's appraisal team." : "Thư điện tử của tài khoản không thuộc tổ thẩm định của kỳ này.")
            : member.ConflictsWith(unit.Info.Id) ? (en ? "You have a conflict of interest with this unit." : "Bạn có xung đột lợi ích với đơn vị này.")
            : !unit.Visit.TeamMemberIds.Contains(member.Id) ? (en ? "You are not on this unit's visit." : "Bạn không có trong đoàn thẩm định đơn vị này.")
            : null;
    }

    /// <summary>Why scores cannot be entered now: outside appraisal, unless answering an accepted complaint.</summary>
    private static string? NotNow(CycleState state, UnitProgress unit, Complaint? complaint, bool en) =>
        complaint is not null || state.Phase == CyclePhase.Appraising ? null
            : en ? $"Scores are recorded while the cycle is appraising; it is now \"{CycleWords.Phase(state.Phase, "en")}\"."
            : $"Chỉ ghi điểm thẩm định trong giai đoạn thẩm định; kỳ đánh giá đang ở giai đoạn {CycleWords.Phase(state.Phase, "vi")}.";

    /// <summary>Yes/no, levels and percentage steps are a choice of their point values; everything else a number in the rubric's steps.</summary>
    private static (InputKind, IReadOnlyList<(string, string)>) Input(Criterion leaf, bool en) => leaf.Answer switch
    {
        YesNoAnswer => (InputKind.Choice, [(Text(leaf.MaxPoints), en ? $"Yes ({Text(leaf.MaxPoints)})" : $"Có ({Text(leaf.MaxPoints)})"), ("0", en ? "No (0)" : "Không (0)")]),
        LevelAnswer levels => (InputKind.Choice, [.. levels.Levels.Select(l => (Text(l.Points), $"{Name(l.Name, en)} ({Text(l.Points)})"))]),
        PercentageAnswer { Rule: PercentageRule.Steps } steps => (InputKind.Choice,
            [.. steps.Steps.Select(s => s.Points).Append(0m).Distinct().OrderDescending().Select(p => (Text(p), Text(p)))]),
        _ => (InputKind.Points, []),
    };

    private async Task<IReadOnlyDictionary<string, CriterionAnswer>> AnswersAsync(string cycleId, string unitId, UploadVersion? version, FormContext form, CancellationToken ct)
    {
        if (version is null || await uploads.OpenVersionAsync(cycleId, unitId, version.Id, ct) is not { } opened)
        {
            return new Dictionary<string, CriterionAnswer>();
        }

        await using var content = opened.Content;
        var read = forms.Read(content, version.FileName, form);
        return read.Assessment?.Answers.ToDictionary(a => a.Code, StringComparer.Ordinal) ?? new Dictionary<string, CriterionAnswer>();
    }

    /// <summary>The visit's hours, as the plan says: "08:00–10:15".</summary>
    public string Hours(Visit visit)
    {
        var (start, end) = hours.Value.Of(visit.Slot);
        return $"{start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{end.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Points typed by a person: "4.5" or "4,5"; null if not a number.</summary>
    public static decimal? Parse(string? text) =>
        decimal.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Text(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private static string Name(Bilingual name, bool en) => en ? name.En : name.Vi;
}
