using ItEval.Cycle;

namespace ItEval.Tests.Cycle;

/// <summary>Counts the decider reads on every command are kept as events arrive, and always equal a recount.</summary>
public sealed class IncrementalCountTests
{
    [Fact]
    public void Announced_and_submitted_counts_equal_a_recount_after_every_event_including_repeats()
    {
        var events = StoredHistories.Read(StoredHistories.WholeCycleV1);
        // A unit announced twice and a second submission of the same unit count once.
        var announced = events.OfType<UnitsAnnounced>().First();
        var submitted = events.OfType<SubmissionRecorded>().First();
        events.Insert(events.IndexOf(announced) + 1, announced with { });
        events.Insert(events.IndexOf(submitted) + 1, submitted with { SubmissionId = "again" });

        var state = CycleState.Fold("fixture-2026", []);
        foreach (var e in events)
        {
            state.Apply(e);
            Assert.Equal(state.Units.Values.Count(u => u.Announced), state.AnnouncedUnits);
            Assert.Equal(state.Units.Values.Count(u => u.Submitted), state.SubmittedUnits);
        }

        Assert.True(state.SubmittedUnits > 0);
    }
}
