using ItEval.Cycle;
using ItEval.Cycle.Process;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ItEval.Hosting.Azure;

/// <summary>
/// The app's triggers on Azure, each a thin door to the code both hosts share: one HTTP function for every
/// path (the app routes itself), the timers of the housekeeping, and the cycle's orchestration and
/// activities under the names of <see cref="CycleOrchestration"/> (a test compares them with the
/// standalone host's catalog and reads them back from the built functions.metadata).
/// </summary>
public sealed class AppFunctions(AppPipeline pipeline, DurableClientBinding durable, CycleActivities activities, CycleProcessGuard guard, YearlyDraft yearly, TimeProvider time)
{
    /// <summary>Every request: the host's route prefix is empty (host.json), so this is every path of the app.</summary>
    [Function("http")]
    public async Task<IResult> HttpAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", Route = "{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        durable.Remember(client);
        await pipeline.InvokeAsync(request.HttpContext);
        // The response is written already.
        return Results.Empty;
    }

    /// <summary>Every ten minutes (and at start): every active cycle has a running orchestration.</summary>
    [Function("process-guard")]
    public async Task GuardAsync([TimerTrigger("0 */10 * * * *", RunOnStartup = true)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        durable.Remember(client);
        await guard.RunAsync(cancellationToken);
    }

    /// <summary>Hourly: next year's cycle is drafted when <c>Cycles__YearlyDraftCron</c> came due.</summary>
    [Function("yearly-draft")]
    public async Task YearlyDraftAsync([TimerTrigger("0 5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        durable.Remember(client);
        await yearly.RunAsync(time.GetUtcNow(), cancellationToken);
    }

    [Function(CycleOrchestration.Name)]
    public static Task<ProcessEnd?> CycleProcessAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        CycleOrchestration.RunAsync(context, context.GetInput<CycleProcessInput>() ?? throw new InvalidOperationException($"{CycleOrchestration.Name} was started without its input."));

    [Function(CycleOrchestration.Look)]
    public Task<ProcessStep> LookAsync([ActivityTrigger] LookInput input, CancellationToken cancellationToken) => activities.LookAsync(input, cancellationToken);

    [Function(CycleOrchestration.RunWork)]
    public Task<SliceOutcome> RunWorkAsync([ActivityTrigger] WorkSlice slice, CancellationToken cancellationToken) => activities.RunWorkAsync(slice, cancellationToken);

    [Function(CycleOrchestration.FireTimers)]
    public Task<int> FireTimersAsync([ActivityTrigger] string cycleId, CancellationToken cancellationToken) => activities.FireTimersAsync(cycleId, cancellationToken);

    [Function(CycleOrchestration.RecordFailures)]
    public Task<int> RecordFailuresAsync([ActivityTrigger] FailuresInput input, CancellationToken cancellationToken) => activities.RecordFailuresAsync(input, cancellationToken);
}
