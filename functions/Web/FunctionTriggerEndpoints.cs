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
        routes.MapPost("/WorkQueue", async (JsonElement invocation, WorkRunner runner, CancellationToken ct) =>
        {
            var data = Property(invocation, "Data") ?? throw new BadHttpRequestException("The invocation has no Data.");
            var item = Property(data, "item")
                ?? (data.ValueKind == JsonValueKind.Object ? data.EnumerateObject().Select(p => (JsonElement?)p.Value).FirstOrDefault() : null)
                ?? throw new BadHttpRequestException("The invocation's Data holds no queue item.");
            var body = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            var dequeueCount = Property(invocation, "Metadata") is { } meta && Property(meta, "DequeueCount") is { } count
                && long.TryParse(count.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;
            var outcome = await runner.RunAsync(body, dequeueCount, ct);
            // Non-2xx tells the host the invocation failed: it retries, and poisons after maxDequeueCount.
            return outcome.Result is WorkResult.Done or WorkResult.Deferred
                ? Invocation([$"work {outcome.Result}"])
                : Invocation([$"work failed: {outcome.Error}"], StatusCodes.Status500InternalServerError);
        });
        routes.MapPost("/TimerSweep", async (TimerSweep sweep, CancellationToken ct) =>
        {
            var cycles = await sweep.SweepAsync(ct);
            return Invocation([$"swept {cycles} cycles"]);
        });
        return routes;
    }

    /// <summary>The invocation response the Functions host reads, with its names exactly as the host documents them.</summary>
    private static IResult Invocation(string[] logs, int status = StatusCodes.Status200OK) =>
        Results.Json(new { Outputs = new { }, Logs = logs, ReturnValue = (object?)null }, PascalCase, statusCode: status);

    private static readonly JsonSerializerOptions PascalCase = new() { PropertyNamingPolicy = null };

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
            : null;
}
