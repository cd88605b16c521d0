using ItEval.Cycle;
using ItEval.Ranking;

namespace ItEval.Publication;

/// <summary>What a cycle's state says about its editions, for content, exports and pages.</summary>
public static class Publications
{
    public static EditionHeader Header(CycleState state, int edition) => new(
        state.Id, state.Definition!.Name, state.Definition.Year, edition, state.Definition.Method, state.Rubric.Id, state.Rubric.Version,
        state.Units.Values.ToDictionary(u => u.Info.Id, u => (u.Info.Code, u.Info.Name), StringComparer.Ordinal),
        state.Definition.GroupName, state.Bands);

    /// <summary>The edition a reader sees by default: the published one, or the ranked draft of the next while it waits for publication.</summary>
    public static (int Number, string? Sha256, bool Published)? Latest(CycleState state, bool includeDraft) =>
        includeDraft && state.RankingReady && state.RankingEdition is { } draft ? (draft, state.RankingSha256, false)
        : state.PublishedEdition > 0 ? (state.PublishedEdition, state.Editions[^1].Sha256, true)
        : null;
}
