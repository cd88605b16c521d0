using System.Globalization;
using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Links;
using Microsoft.AspNetCore.Mvc;

namespace ItEval.Web.Console;

/// <summary>What a console action form posts; every field is text so any post binds (and is checked here).</summary>
public sealed class ActionForm
{
    public string? Action { get; set; }
    public string? Reason { get; set; }
    public string? UnitId { get; set; }
    public string? Deadline { get; set; }
    public string? Until { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? VisitsPerDay { get; set; }
    public string? Emails { get; set; }
    public string? Confirm { get; set; }
    public string? ComplaintId { get; set; }
    public string? Decision { get; set; }
    public string? Return { get; set; }
    public string? Day { get; set; }
    public string? Team { get; set; }
    public string? MemberId { get; set; }
    public List<string>? UnitIds { get; set; }
    public string? FarDistricts { get; set; }
    public string? ExtraWorkingDays { get; set; }
    public string? NeighbourGroups { get; set; }
}

/// <summary>
/// The console's actions on a cycle: one form post per action (anti-forgery checked), executed as the
/// command the API would send, by the signed-in person, then back to the page with what happened.
/// Refusals come from the cycle's own rules, in the reader's language.
/// </summary>
public static partial class ConsoleActions
{
    /// <summary>Working days wanted between the deadline and the appraisal start: the plan is made and sent to units and the team.</summary>
    public const int MinDaysBeforeAppraisal = 2;

    public static IEndpointRouteBuilder MapConsoleActions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/console/cycles/{id}/act", ActAsync).RequireAuthorization(Authentication.AdminPolicy);
        return app;
    }

    private static async Task<IResult> ActAsync(string id, [FromForm] ActionForm form, HttpContext http, CycleEngine engine, FailedWorkReplay replay, UnitLinks links, VisitPlanChanges plans,
        ItEval.Cycle.Process.CycleProcessClient processes, CancellationToken ct)
    {
        var lang = ConsoleText.Language(http);
        var back = ConsoleText.LocalPath(form.Return) ?? $"/console/cycles/{Uri.EscapeDataString(id)}";
        var who = http.User.Who();
        var reason = form.Reason?.Trim() ?? "";
        DateOnly? Day(string? value) => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        if (form.Confirm != "yes")
        {
            return Flash.Redirect(http, back, false, ConsoleText.Get(lang, "confirm_needed"));
        }

        if (form.Action == "visit-planning")
        {
            var (settings, problems) = VisitPlanningText.Parse(form.FarDistricts, form.ExtraWorkingDays, form.NeighbourGroups);
            if (settings is null)
            {
                return Flash.Redirect(http, back, false, string.Join(" · ", problems.Take(5).Select(p => p.Split(" / ", 2) is [var vi, var en] ? (lang == "en" ? en : vi) : p)));
            }

            var planning = await engine.HandleAsync(id, new SetVisitPlanning(settings, reason) { By = who }, ct);
            return planning.Refusal is { } refused
                ? Flash.Redirect(http, back, false, lang == "en" ? refused.En : refused.Vi)
                : Flash.Redirect(http, back, true, ConsoleText.Get(lang, planning.EventsAppended > 0 ? "saved" : "action_nothing"));
        }

        CycleCommand? command = form.Action switch
        {
            "start" => new StartCycle { By = who },
            "extend" when Day(form.Deadline) is { } deadline => new ExtendDeadline(string.IsNullOrEmpty(form.UnitId) ? null : form.UnitId, deadline, reason) { By = who },
            "reopen" when Day(form.Until) is { } until && !string.IsNullOrEmpty(form.UnitId) => new ReopenUnit(form.UnitId, until, reason) { By = who },
            "advance" => new Advance(reason) { By = who },
            "end-collection" => new Advance(reason) { By = who, EvenIfMissing = true },
            "remind-now" when form.UnitIds is { Count: > 0 and <= 10_000 } chosen => new RemindNow(chosen) { By = who },
            "suspend" => new SuspendCycle(reason) { By = who },
            "resume" => new ResumeCycle { By = who },
            "terminate" => new TerminateCycle(reason) { By = who },
            "window" when Day(form.Start) is { } start && Day(form.End) is { } end && int.TryParse(form.VisitsPerDay, CultureInfo.InvariantCulture, out var perDay)
                => new ChangeAppraisalWindow(start, end, perDay, reason) { By = who },
            "close-appraisal" => new CloseAppraisal(reason) { By = who },
            "publish" => new PublishResults { By = who },
            "close" => new CloseCycle { By = who },
            "decide-complaint" when !string.IsNullOrEmpty(form.ComplaintId) && form.Decision is "accept" or "reject"
                => new DecideComplaint(form.ComplaintId, form.Decision == "accept", reason) { By = who },
            "reissue" when !string.IsNullOrEmpty(form.UnitId) => new ReissueUnitLink(form.UnitId, reason,
                form.Emails?.Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } emails ? emails : null) { By = who },
            _ => null,
        };
        // Visit plan changes: the replanner computes the fewest visits to move, then the cycle records them.
        PlanChangeOutcome? planChange = form.Action switch
        {
            "move-visit" when !string.IsNullOrEmpty(form.UnitId) && Day(form.Day) is { } newDay
                => await plans.MoveAsync(id, form.UnitId, newDay, string.IsNullOrEmpty(form.Team) ? null : form.Team, reason, who, ct),
            "drop-member" when !string.IsNullOrEmpty(form.MemberId) => await plans.DropMemberAsync(id, form.MemberId, reason, who, ct),
            "drop-team" when !string.IsNullOrEmpty(form.Team) => await plans.DropTeamAsync(id, form.Team, reason, who, ct),
            _ => null,
        };
        if (planChange is not null)
        {
            return (planChange.Unplannable ?? planChange.Result?.Refusal) is { } planRefusal
                ? Flash.Redirect(http, back, false, lang == "en" ? planRefusal.En : planRefusal.Vi)
                : Flash.Redirect(http, back, true, ConsoleText.Get(lang, "action_done"));
        }

        if (form.Action == "confirm-unappraised")
        {
            return await ConfirmUnappraisedAsync(id, reason, who, http, back, lang, engine, ct);
        }

        if (form.Action is { } processAction && processAction.StartsWith("process-", StringComparison.Ordinal))
        {
            return await ProcessActionAsync(id, processAction, reason, who, http, back, lang, engine, processes, ct);
        }

        CommandResult result;
        if (form.Action == "retry")
        {
            result = await replay.RetryAsync(id, null, reason, who, ct);
        }
        else if (command is null)
        {
            return Flash.Redirect(http, back, false, ConsoleText.Get(lang, "action_incomplete"));
        }
        else
        {
            result = await engine.HandleAsync(id, command, ct);
        }

        if (result.Refusal is { } refusal)
        {
            return Flash.Redirect(http, back, false, lang == "en" ? refusal.En : refusal.Vi);
        }

        var done = ConsoleText.Get(lang, result.EventsAppended > 0 ? "action_done" : "action_nothing");
        if (command is ReissueUnitLink reissue)
        {
            done += " " + await engine.QueryAsync(id, s => links.UnitUrl(s, s.Units[reissue.UnitId]), ct);
        }

        // An extension close to the appraisal start leaves no working day to plan and announce the visits.
        if (command is ExtendDeadline extended && await engine.QueryAsync(id, s => s.Definition!.WorkingCalendar
                .Between(extended.Deadline.AddDays(1), s.Definition.AppraisalStart.AddDays(-1)).Count() is var gap && gap < MinDaysBeforeAppraisal
                ? s.Definition.AppraisalStart : (DateOnly?)null, ct) is { } appraisalStart)
        {
            done += " " + string.Format(CultureInfo.InvariantCulture, ConsoleText.Get(lang, "extension_near_appraisal"),
                appraisalStart.ToString(lang == "en" ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture), MinDaysBeforeAppraisal);
        }

        return Flash.Redirect(http, back, true, done);
    }

    /// <summary>Restart, rewind or purge the cycle's orchestration, when its state allows it (the same rules as the API).</summary>
    private static async Task<IResult> ProcessActionAsync(string id, string action, string reason, string who, HttpContext http, string back, string lang,
        CycleEngine engine, ItEval.Cycle.Process.CycleProcessClient processes, CancellationToken ct)
    {
        if (await engine.QueryAsync(id, s => s.Exists ? s.Phase : (CyclePhase?)null, ct) is not { } phase)
        {
            return Results.NotFound();
        }

        var view = ItEval.Cycle.Process.CycleProcessView.Of(id, phase, await processes.GetAsync(id, ct));
        Func<Task>? act = action switch
        {
            "process-restart" when view.CanRestart => () => processes.RestartAsync(id, ct),
            "process-rewind" when view.CanRewind => () => processes.RewindAsync(id, $"{who}: {reason}", ct),
            "process-purge" when view.CanPurge => () => processes.PurgeAsync(id, ct),
            _ => null,
        };
        if (act is null)
        {
            return Flash.Redirect(http, back, false, ConsoleText.Get(lang, "process_not_now"));
        }

        // Not a change of the cycle's record, so not in its history; the log keeps who did it and why.
        var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ItEval.Process");
        LogProcessAction(log, who, action, id, reason);
        await act();
        return Flash.Redirect(http, back, true, ConsoleText.Get(lang, "action_done"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Who} asked for {Action} of cycle {CycleId}: {Reason}")]
    private static partial void LogProcessAction(ILogger logger, string who, string action, string cycleId, string reason);
}

/// <summary>A one-time message to show on the next page (after a post and its redirect), in a short-lived cookie.</summary>
/// <summary>The review's bulk confirmation: every visited unit not appraised at all gets its self-scores as appraised, with the admin's reason on each.</summary>
public static partial class ConsoleActions
{
    private static async Task<IResult> ConfirmUnappraisedAsync(string id, string reason, string who, HttpContext http, string back, string lang, CycleEngine engine, CancellationToken ct)
    {
        if (reason.Length == 0)
        {
            return Flash.Redirect(http, back, false, ConsoleText.Get(lang, "action_incomplete"));
        }

        var now = engine.Time.GetUtcNow();
        var units = await engine.QueryAsync(id, s => s.Exists && s.Phase == CyclePhase.Appraising
            ? s.Visited.Where(u => u.Appraisals.Count == 0 && u.SelfScores.Count > 0).Select(u => (u.Info.Id, u.SelfScores)).ToList() : [], ct);
        var confirmed = 0;
        foreach (var (unitId, self) in units)
        {
            var scores = self.Select(p => new ItEval.Ranking.AppraisedScore(p.Key, p.Value, $"Xác nhận điểm tự chấm: {reason}", who, now)).ToList();
            var result = await engine.HandleAsync(id, new RecordAppraisal(unitId, scores) { By = who }, ct);
            if (result.Refusal is { } refusal)
            {
                return Flash.Redirect(http, back, false, (lang == "en" ? refusal.En : refusal.Vi) + " " + string.Format(CultureInfo.InvariantCulture, ConsoleText.Get(lang, "units_confirmed"), confirmed));
            }

            confirmed++;
        }

        return Flash.Redirect(http, back, confirmed > 0, string.Format(CultureInfo.InvariantCulture, ConsoleText.Get(lang, "units_confirmed"), confirmed));
    }
}

public static class Flash
{
    private const string Cookie = "iteval-flash";

    public static IResult Redirect(HttpContext http, string to, bool ok, string message)
    {
        // A cookie holds about 4 KB: a message quoting what someone pasted is cut, never dropped.
        message = message.Length > MaxMessage ? message[..MaxMessage] + "…" : message;
        http.Response.Cookies.Append(Cookie, (ok ? "ok:" : "bad:") + Uri.EscapeDataString(message),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromMinutes(1), IsEssential = true });
        return Results.Redirect(to);
    }

    private const int MaxMessage = 600;

    /// <summary>The message for this page, removed so a reload does not show it again.</summary>
    public static (bool Ok, string Message)? Take(HttpContext http)
    {
        if (http.Request.Cookies[Cookie] is not { Length: > 3 } value)
        {
            return null;
        }

        http.Response.Cookies.Delete(Cookie);
        var ok = value.StartsWith("ok:", StringComparison.Ordinal);
        return (ok, Uri.UnescapeDataString(value[(ok ? 3 : 4)..]));
    }
}
