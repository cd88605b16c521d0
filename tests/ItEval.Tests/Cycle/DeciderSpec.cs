using ItEval.Cycle;

namespace ItEval.Tests.Cycle;

/// <summary>Given/When/Then for the pure decider: the events so far, a command at a time, then these events or this refusal.</summary>
public static class DeciderSpec
{
    public static Decision When(CycleEvent[] given, CycleCommand command, DateTimeOffset at) =>
        CycleDecider.Decide(CycleState.Fold("c", given), command, at);

    public static void ThenEvents(Decision decision, params Type[] types)
    {
        Assert.Null(decision.Refusal);
        Assert.Equal(types, decision.Events.Select(e => e.GetType()));
    }

    public static void ThenRefused(Decision decision, RefusalKind kind, string viContains)
    {
        Assert.Empty(decision.Events);
        Assert.Equal(kind, decision.Refusal!.Kind);
        Assert.Contains(viContains, decision.Refusal.Vi, StringComparison.Ordinal);
    }
}
