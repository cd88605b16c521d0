using ItEval.Cycle;
using ItEval.Ranking;

namespace ItEval.Publication;

/// <summary>
/// The export work item of a published edition: its content (ranking.json, whose SHA-256 the
/// publication recorded: a mismatch stops here rather than publish documents that say something else),
/// the official ranking as .xlsx and .pdf, each stored once under the edition; then the cycle records
/// the documents with their hashes.
/// </summary>
public sealed class ExportWork(CycleEngine engine, RankedEditions editions, ExportStore exports, EngineSteps steps) : ICycleWorkHandler
{
    public string Kind => WorkKinds.Export;

    public async Task RunAsync(WorkItem work, CancellationToken cancellationToken)
    {
        var number = int.Parse(work.Key!, System.Globalization.CultureInfo.InvariantCulture);
        var published = await engine.QueryAsync(work.CycleId, s => s.Editions.Count >= number && s.Editions[number - 1].Files.Count == 0 ? s.Editions[number - 1] : null, cancellationToken);
        if (published is null)
        {
            return;
        }

        var edition = await editions.GetAsync(work.CycleId, number, published.Sha256, cancellationToken);
        var (content, document) = await engine.QueryAsync(work.CycleId, s =>
            (EditionContent.Write(Publications.Header(s, number), edition.Rows), EditionDocument.Of(s, edition)), cancellationToken);
        if (published.Sha256 is { } recorded && EditionContent.Sha256(content) != recorded)
        {
            throw new InvalidDataException($"Edition {number} of {work.CycleId}: the stored ranking hashes to {EditionContent.Sha256(content)}, the publication recorded {recorded}; no documents were made.");
        }

        var files = new List<ExportFile>
        {
            await exports.StoreAsync(work.CycleId, number, EditionContent.FileName, content, cancellationToken),
            await exports.StoreAsync(work.CycleId, number, RankingWorkbook.FileName, RankingWorkbook.Write(document), cancellationToken),
            await exports.StoreAsync(work.CycleId, number, RankingPdf.FileName, RankingPdf.Write(document), cancellationToken),
        };
        await steps.ReachedAsync(EngineSteps.AfterSideEffects, work);
        await engine.HandleAsync(work.CycleId, new CompleteExports(number, files) { By = "system" }, cancellationToken);
    }
}
