using DurableTask.Core.Middleware;

namespace ItEval.Durable;

/// <summary>
/// A step around every orchestration episode the standalone worker runs (DurableTask.Core's dispatch
/// middleware): what a test uses to record real histories for the replay test of later builds.
/// </summary>
public sealed record OrchestrationMiddleware(Func<DispatchMiddlewareContext, Func<Task>, Task> Run);
