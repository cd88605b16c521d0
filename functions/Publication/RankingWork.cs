using ItEval.Cycle;
using ItEval.Ranking;

namespace ItEval.Publication;

/// <summary>
/// The rank work item: ranks the cycle's scores with last year's results, stores them as the next
/// edition (its own partitions: published editions are never touched), hashes the edition's content
/// and tells the cycle, with the units whose result differs from the last published edition. A
/// ranking of scores that changed meanwhile is refused by the cycle and made again by the next item.
/// </summary>
public sealed class RankingWork(CycleEngine engine, RankingStore store, RankedEditions editions, PreviousYear previousYear, EngineSteps steps) : ICycleWorkHandler
{
    public string Kind => WorkKinds.Rank;

    public async Task RunAsync(WorkItem work, CancellationToken cancellationToken)
    {
        var job = await engine.QueryAsync(work.CycleId, s => s.Phase == CyclePhase.Ranking && !s.RankingReady
            ? new Job(s.Definition!.Year, s.Definition.Method, s.PublishedEdition, s.PublishedEdition > 0 ? s.Editions[^1].Sha256 : null,
                [.. s.Units.Values.Select(u => new PreviousYear.Unit(u.Info.Id, u.Info.Code, u.Info.RankingGroup))])
            : null, cancellationToken);
        if (job is null)
        {
            return;
        }

        var previous = await previousYear.ResultsAsync(work.CycleId, job.Year, job.Method, job.Units, cancellationToken);
        var edition = job.Published + 1;
        var (rows, basis, content) = await engine.QueryAsync(work.CycleId, s =>
        {
            var ranked = Ranker.Rank(s.Id, s.Rubric, s.Assessments(), s.Definition!.Scoring, previous);
            return (ranked, s.Version, EditionContent.Write(Publications.Header(s, edition), ranked));
        }, cancellationToken);
        await store.SaveAsync(work.CycleId, edition, rows, cancellationToken);
        var changed = job.Published == 0 ? rows.Select(r => r.UnitId).ToList()
            : EditionContent.Changed((await editions.GetAsync(work.CycleId, job.Published, job.PublishedSha256, cancellationToken)).Rows, rows);

        await steps.ReachedAsync(EngineSteps.AfterSideEffects, work);
        await engine.HandleAsync(work.CycleId, new CompleteRanking(rows.Count, edition, EditionContent.Sha256(content), changed, basis) { By = "system" }, cancellationToken);
    }

    private sealed record Job(int Year, ScoringMethod Method, int Published, string? PublishedSha256, IReadOnlyList<PreviousYear.Unit> Units);
}
