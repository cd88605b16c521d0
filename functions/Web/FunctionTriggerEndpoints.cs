using System.Text.Json;
using ItEval.Cycle;

namespace ItEval.Web;

/// <summary>
/// Azure Functions custom-handler mode: the host POSTs each trigger's invocation to <c>/{FunctionName}</c>
/// (see the function.json folders). The queue trigger carries one work item; the timer trigger runs the
/// sweep. Both call the same code as the standalone pumps.
/// </summary>
public static class FunctionTriggerEndpoints
{
    public static IEndpointRouteBuilder MapFunctionTriggers(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/WorkQueue", async (JsonElement invocation, WorkPump pump, CancellationToken ct) =>
        {
            var data = invocation.GetProperty("Data");
            var item = data.TryGetProperty("item", out var i) ? i : data.EnumerateObject().First().Value;
            var body = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            var dequeueCount = invocation.TryGetProperty("Metadata", out var meta) && meta.TryGetProperty("DequeueCount", out var count)
                && long.TryParse(count.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;
            await pump.RunDeliveredAsync(body, dequeueCount, ct);
            return Results.Ok(new { Outputs = new { }, Logs = Array.Empty<string>(), ReturnValue = (object?)null });
        });
        routes.MapPost("/TimerSweep", async (TimerSweep sweep, CancellationToken ct) =>
        {
            var cycles = await sweep.SweepAsync(ct);
            return Results.Ok(new { Outputs = new { }, Logs = new[] { $"swept {cycles} cycles" }, ReturnValue = (object?)null });
        });
        return routes;
    }
}
