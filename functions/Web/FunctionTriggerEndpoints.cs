using System.Text.Json;
using ItEval.Cycle;
using ItEval.Engine;

namespace ItEval.Web;

/// <summary>
/// Azure Functions custom-handler mode: the host POSTs each trigger's invocation to <c>/{FunctionName}</c>
/// (see the function.json folders). The queue trigger carries one work item; the timer trigger runs the
/// sweep. Both call the same code as the standalone pumps.
/// Payload and answer shapes: https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers
/// ("Request payload" and "Response payload").
/// </summary>
/// <remarks>
/// Only the host may call these routes. The HTTP proxy function's route leaves their paths out, so the
/// host never forwards an outside request to them; and as a second guard a request that carries a header
/// the platform's front end adds to every outside request is refused here (docs/architecture.md).
/// </remarks>
public static class FunctionTriggerEndpoints
{
    /// <summary>Headers App Service's front end adds to every request from outside; the host's own invocations have none.</summary>
    public static readonly IReadOnlyList<string> FrontEndHeaders =
        ["X-Forwarded-For", "X-ARR-LOG-ID", "X-Original-URL", "DISGUISED-HOST", "X-WAWS-Unencoded-URL", "X-Forwarded-Host", "X-Client-IP"];

    public static IEndpointRouteBuilder MapFunctionTriggers(this IEndpointRouteBuilder routes)
    {
        var triggers = routes.MapGroup("").AddEndpointFilter(OnlyFromTheHost);
        triggers.MapPost("/WorkQueue", async (HttpRequest request, WorkRunner runner, CancellationToken ct) =>
        {
            // Read here, after the filter, so an outside request learns nothing from how its body is judged.
            using var document = await ReadInvocationAsync(request, ct);
            var invocation = document.RootElement;
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
        triggers.MapPost("/TimerSweep", async (TimerSweep sweep, CancellationToken ct) =>
        {
            var cycles = await sweep.SweepAsync(ct);
            return Invocation([$"swept {cycles} cycles"]);
        });
        return routes;
    }

    /// <summary>A queue message is at most 64 KB; the host's envelope around it stays far below this bound.</summary>
    private const int MaxInvocationBytes = 1024 * 1024;

    private static async Task<JsonDocument> ReadInvocationAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await ItEval.Hosting.BoundedRead.ReadAsync(request.Body, MaxInvocationBytes, cancellationToken)
            ?? throw new BadHttpRequestException("The invocation is larger than 1 MB.", StatusCodes.Status413PayloadTooLarge);
        return JsonDocument.Parse(bytes);
    }

    /// <summary>A forwarded outside request answers 404, as if the route did not exist.</summary>
    private static ValueTask<object?> OnlyFromTheHost(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        return FrontEndHeaders.Any(headers.ContainsKey)
            ? ValueTask.FromResult<object?>(Results.NotFound())
            : next(context);
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
