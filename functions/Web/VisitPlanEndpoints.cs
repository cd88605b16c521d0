using System.Globalization;
using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Scheduling;
using Microsoft.Extensions.Options;

namespace ItEval.Web;

/// <summary>
/// The visit plan for the IT office: the plan with its explanation, where a unit's visit could move, and
/// changes (move a visit, a member or a team drops out). Each change moves the fewest visits and emails
/// only the units whose visit changed (docs/visit-planning.md).
/// </summary>
public static class VisitPlanEndpoints
{
    public static IEndpointRouteBuilder MapVisitPlanEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/cycles/{id}/visit-plan").RequireAuthorization(Authentication.AdminPolicy).AddEndpointFilter(CycleEndpoints.KnownIdsOnly);
        admin.MapGet("", ExplainedAsync);
        admin.MapGet("/units/{unitId}/free-slots", async (string id, string unitId, VisitPlanChanges changes, CancellationToken ct) =>
            await changes.FreeSlotsAsync(id, unitId, ct) is { } free
                ? Results.Ok(new { id, unitId, slots = free.Select(f => new { day = f.Day, team = f.TeamId }) })
                : CycleEndpoints.NotFound(id));
        admin.MapPost("/units/{unitId}/move", async (string id, string unitId, Json<MoveVisitRequest> request, HttpContext http, VisitPlanChanges changes, CancellationToken ct) =>
            Answer(id, await changes.MoveAsync(id, unitId, request.Value.Day, request.Value.Team, request.Value.Reason ?? "", CycleEndpoints.Who(http), ct)));
        admin.MapPost("/members/{memberId}/drop", async (string id, string memberId, Json<ReasonRequest> request, HttpContext http, VisitPlanChanges changes, CancellationToken ct) =>
            Answer(id, await changes.DropMemberAsync(id, memberId, request.Value.Reason ?? "", CycleEndpoints.Who(http), ct)));
        admin.MapPost("/teams/{teamId}/drop", async (string id, string teamId, Json<ReasonRequest> request, HttpContext http, VisitPlanChanges changes, CancellationToken ct) =>
            Answer(id, await changes.DropTeamAsync(id, teamId, request.Value.Reason ?? "", CycleEndpoints.Who(http), ct)));
        return routes;
    }

    /// <summary>The plan as it stands, in order, with why it looks so (days used against the least possible, splits, rules bent).</summary>
    private static async Task<IResult> ExplainedAsync(string id, CycleEngine engine, IOptions<VisitHours> hours, CancellationToken ct)
    {
        var plan = await engine.QueryAsync(id, s =>
        {
            if (!s.Exists)
            {
                return null;
            }

            var (request, visits) = VisitPlanChanges.Current(s);
            return new
            {
                id,
                planned = s.VisitsPlanned,
                version = s.VisitPlanVersion,
                problem = s.SchedulingProblem,
                problemEn = s.SchedulingProblemEn,
                explanation = s.VisitsPlanned ? VisitReplanner.Explain(request, visits) : null,
                visits = s.Visited.OrderBy(u => u.Visit!.Day).ThenBy(u => u.Visit!.TeamId, StringComparer.Ordinal).ThenBy(u => u.Visit!.Slot).Select(u => new
                {
                    unitId = u.Info.Id,
                    u.Info.Code,
                    u.Info.District,
                    day = u.Visit!.Day,
                    start = hours.Value.Of(u.Visit.Slot).Start.ToString("HH:mm", CultureInfo.InvariantCulture),
                    team = u.Visit.TeamId,
                    members = u.Visit.TeamMemberIds,
                    changes = u.VisitVersion,
                }).ToList(),
            };
        }, ct);
        return plan is null ? CycleEndpoints.NotFound(id) : Results.Ok(plan);
    }

    private static IResult Answer(string id, PlanChangeOutcome outcome) => outcome switch
    {
        { Unplannable: { } refusal } => Results.Problem(title: refusal.En, detail: refusal.Vi, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["detailEn"] = refusal.En }),
        { Result: { Refusal: { } refusal } result } => CycleEndpoints.Problem(refusal, result),
        { Result: { } result } => Results.Ok(new { id, version = result.Version, changed = outcome.Changed?.Select(v => new { unitId = v.UnitId, day = v.Day, slot = v.Slot, team = v.TeamId, members = v.TeamMemberIds }) }),
        _ => CycleEndpoints.NotFound(id),
    };
}

public sealed record MoveVisitRequest(DateOnly Day, string? Team = null, string? Reason = null);
