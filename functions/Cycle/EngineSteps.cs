namespace ItEval.Cycle;

/// <summary>
/// Named points between the engine's steps. Tests stop the engine at one ("crash") to prove that a
/// restart loses and duplicates nothing; in production nothing is registered and nothing happens.
/// </summary>
public sealed class EngineSteps
{
    public const string AfterAppend = "after-append";
    public const string AfterSideEffects = "after-side-effects";

    public Func<string, WorkItem?, Task>? OnStep { get; set; }

    public Task ReachedAsync(string step, WorkItem? work = null) => OnStep?.Invoke(step, work) ?? Task.CompletedTask;
}
