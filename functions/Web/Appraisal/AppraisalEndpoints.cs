using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Uploads;
using ItEval.Web.Console;

namespace ItEval.Web.Appraisal;

/// <summary>
/// What the appraisal page posts: the scores as a draft (kept for this person, nothing recorded) or
/// submitted (one appraisal with every score, by this person, checked by the cycle's rules); and the
/// unit's files for the people who may appraise it.
/// </summary>
public static class AppraisalEndpoints
{
    public static IEndpointRouteBuilder MapAppraisalEndpoints(this IEndpointRouteBuilder routes)
    {
        var team = routes.MapGroup("/appraisal").RequireAuthorization(Authentication.AppraiserPolicy);
        // The form is read by hand (every field is a criterion), so the anti-forgery check is asked for explicitly.
        team.MapPost("/{cycleId}/{unitId}/scores", SaveAsync).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());
        team.MapGet("/{cycleId}/{unitId}/files/{versionId}", FileAsync);
        return routes;
    }

    private static async Task<IResult> SaveAsync(
        string cycleId, string unitId, HttpContext http, AppraisalWorkspace workspace, AppraisalDrafts drafts, CycleEngine engine, CancellationToken ct)
    {
        // The anti-forgery check ran before; a post without a valid token is refused as any console form is.
        if (http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false } antiforgery)
        {
            throw antiforgery.Error ?? new Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException("The anti-forgery token is missing or not valid.");
        }

        var lang = ConsoleText.Language(http);
        var en = lang == "en";
        var form = await RequestForms.ReadAsync(http, ct);
        var complaintId = form?["complaint"].ToString() is { Length: > 0 } complaint ? complaint : null;
        var page = $"/appraisal/{Uri.EscapeDataString(cycleId)}/{Uri.EscapeDataString(unitId)}" + (complaintId is null ? "" : $"?complaint={Uri.EscapeDataString(complaintId)}");
        var view = form is null ? null : await workspace.GetAsync(cycleId, unitId, http.User, complaintId, en, ct);
        if (view is null)
        {
            return Flash.Redirect(http, "/appraisal", false, ConsoleText.Get(lang, "not_found"));
        }

        if (!view.MayScore)
        {
            return Flash.Redirect(http, page, false, view.WhyNot!);
        }

        var editable = view.Groups.SelectMany(g => g.Criteria).Where(c => c.Editable).ToList();
        var typed = editable.ToDictionary(c => c.Code, c => new DraftScore(Cut(form![$"points:{c.Code}"].ToString(), 32), Cut(form[$"reason:{c.Code}"].ToString(), CycleDecider.MaxReasonLength)));
        var owner = AppraisalWorkspace.Owner(http.User);
        if (form!["action"] == "confirm-all")
        {
            // One click for a unit whose self-assessment holds: every criterion left blank takes its
            // self-score; what the appraiser typed (an adjustment with its reason, a comment) stays.
            foreach (var c in editable.Where(c => string.IsNullOrWhiteSpace(typed[c.Code].Points) && c.Self is not null))
            {
                typed[c.Code] = typed[c.Code] with { Points = c.Self!.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) };
            }
        }
        else if (form["action"] != "submit")
        {
            return await drafts.SaveAsync(cycleId, unitId, owner, typed, ct)
                ? Flash.Redirect(http, page, true, ConsoleText.Get(lang, "draft_saved"))
                : Flash.Redirect(http, page, false, ConsoleText.Get(lang, "draft_too_large"));
        }

        // Whatever happens next, what was typed is kept.
        await drafts.SaveAsync(cycleId, unitId, owner, typed, ct);
        var missing = editable.Where(c => AppraisalWorkspace.Parse(typed[c.Code].Points) is null).Select(c => c.Code).ToList();
        if (missing.Count > 0)
        {
            return Flash.Redirect(http, page, false, string.Format(System.Globalization.CultureInfo.InvariantCulture, ConsoleText.Get(lang, "scores_missing"), string.Join(", ", missing)));
        }

        var who = http.User.Who();
        var now = engine.Time.GetUtcNow();
        var scores = editable.Select(c => new AppraisedScore(c.Code, AppraisalWorkspace.Parse(typed[c.Code].Points)!.Value,
            string.IsNullOrWhiteSpace(typed[c.Code].Reason) ? null : typed[c.Code].Reason.Trim(), who, now)).ToList();
        var scope = http.User.AppraiserScope();
        CycleCommand command = view.Complaint is { } accepted
            ? new Reappraise(unitId, scores, form["overall"].ToString().Trim(), accepted.Id) { By = who, AppraiserEmail = scope }
            : new RecordAppraisal(unitId, scores) { By = who, AppraiserEmail = scope };
        var result = await engine.HandleAsync(cycleId, command, ct);
        if (result.Refusal is { } refusal)
        {
            return Flash.Redirect(http, page, false, (en ? refusal.En : refusal.Vi) + " " + ConsoleText.Get(lang, "draft_kept"));
        }

        await drafts.DeleteAsync(cycleId, unitId, owner, ct);
        return Flash.Redirect(http, view.Complaint is null ? "/appraisal" : $"/console/cycles/{Uri.EscapeDataString(cycleId)}/complaints", true,
            string.Format(System.Globalization.CultureInfo.InvariantCulture, ConsoleText.Get(lang, "appraisal_recorded"), view.Unit.Name));
    }

    /// <summary>A unit's uploaded file, for the people who may appraise it (admins, members of its visit without a conflict).</summary>
    private static async Task<IResult> FileAsync(string cycleId, string unitId, string versionId, HttpContext http, AppraisalWorkspace workspace, UnitUploads uploads, CancellationToken ct)
    {
        var view = await workspace.GetAsync(cycleId, unitId, http.User, null, ConsoleText.Language(http) == "en", ct);
        if (view is null)
        {
            return Results.NotFound();
        }

        // Reading is allowed in every phase; only who may appraise the unit may read its files.
        if (!view.MayRead)
        {
            return Results.Problem(title: "Not on this unit's visit", detail: view.WhyNot, statusCode: StatusCodes.Status403Forbidden);
        }

        return await uploads.OpenVersionAsync(cycleId, unitId, versionId, ct) is { } file
            ? Results.Stream(file.Content, "application/octet-stream", EvidenceFiles.DisplayName(file.Version.FileName))
            : Results.NotFound();
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
