using ItEval.Cycle;
using ItEval.Cycle.Process;

namespace ItEval.Web;

/// <summary>
/// Management of a cycle's orchestration, as Durable Functions users expect it (admins): its runtime and
/// custom status, its history, and restart, rewind and purge. Suspension, resumption and termination are the
/// cycle's own actions (<c>/suspend</c>, <c>/resume</c>, <c>/terminate</c>), which act on the orchestration too.
/// A purge deletes the orchestration's history only, never the cycle's record.
/// </summary>
public static class ProcessEndpoints
{
    public static IEndpointRouteBuilder MapProcessEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/cycles/{id}/process").RequireAuthorization(Authentication.AdminPolicy).AddEndpointFilter(CycleEndpoints.KnownIdsOnly);
        admin.MapGet("", async (string id, CycleEngine engine, CycleProcessClient process, CancellationToken ct) =>
            await PhaseAsync(id, engine, ct) is { } phase ? Results.Ok(CycleProcessView.Of(id, phase, await process.GetAsync(id, ct))) : CycleEndpoints.NotFound(id));
        admin.MapGet("/history", async (string id, CycleEngine engine, CycleProcessClient process, CancellationToken ct) =>
        {
            if (await PhaseAsync(id, engine, ct) is null)
            {
                return CycleEndpoints.NotFound(id);
            }

            try
            {
                var history = await process.HistoryAsync(id, ct);
                return Results.Ok(new { id, instanceId = CycleOrchestration.InstanceId(id), items = history.Select((e, i) => ProcessHistoryEntry.Of(i, e)) });
            }
            catch (NotSupportedException)
            {
                return Results.Problem(title: "This host does not give orchestration histories; see the portal's Durable Functions view.",
                    detail: "Máy chủ này không cung cấp lịch sử tiến trình; xem trong cổng Azure (Durable Functions).", statusCode: StatusCodes.Status501NotImplemented);
            }
        });
        admin.MapPost("/restart", (string id, CycleEngine engine, CycleProcessClient process, CancellationToken ct) =>
            ActAsync(id, engine, process, v => v.CanRestart, () => process.RestartAsync(id, ct),
                ("Chỉ khởi động lại được tiến trình của kỳ đang diễn ra.", "Only the process of a cycle in progress can be restarted."), ct));
        admin.MapPost("/rewind", (string id, Json<ReasonRequest> request, CycleEngine engine, CycleProcessClient process, CancellationToken ct) =>
            ActAsync(id, engine, process, v => v.CanRewind, () => process.RewindAsync(id, request.Value.Reason ?? "rewound by the admin", ct),
                ("Chỉ tua lại được tiến trình bị lỗi.", "Only a failed process can be rewound."), ct));
        admin.MapPost("/purge", (string id, CycleEngine engine, CycleProcessClient process, CancellationToken ct) =>
            ActAsync(id, engine, process, v => v.CanPurge, () => process.PurgeAsync(id, ct),
                ("Chỉ xóa được lịch sử tiến trình của kỳ đã kết thúc hoặc đã hủy (hồ sơ của kỳ không bao giờ bị xóa).",
                 "Only a closed or terminated cycle's process history can be purged (the cycle's record never is)."), ct));
        return routes;
    }

    private static Task<CyclePhase?> PhaseAsync(string id, CycleEngine engine, CancellationToken ct) =>
        engine.QueryAsync(id, s => s.Exists ? s.Phase : (CyclePhase?)null, ct);

    private static async Task<IResult> ActAsync(string id, CycleEngine engine, CycleProcessClient process, Func<CycleProcessView, bool> allowed, Func<Task> act,
        (string Vi, string En) refusal, CancellationToken ct)
    {
        if (await PhaseAsync(id, engine, ct) is not { } phase)
        {
            return CycleEndpoints.NotFound(id);
        }

        if (!allowed(CycleProcessView.Of(id, phase, await process.GetAsync(id, ct))))
        {
            return Results.Problem(title: refusal.En, detail: refusal.Vi, statusCode: StatusCodes.Status409Conflict);
        }

        await act();
        return Results.Ok(CycleProcessView.Of(id, phase, await process.GetAsync(id, ct)));
    }
}
