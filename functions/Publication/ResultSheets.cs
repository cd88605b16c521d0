using ItEval.Cycle;
using ItEval.Ranking;

namespace ItEval.Publication;

/// <summary>
/// A unit's result sheet for a published edition, made when first asked for and stored with the
/// edition's documents (never replaced). It shows the criteria scores the edition ranked: taken from
/// the cycle's state, or when scores changed since (a re-appraisal for a later edition), from the
/// history folded up to the edition's ranking.
/// </summary>
public sealed class ResultSheets(CycleEngine engine, CycleStore store, RankedEditions editions, ExportStore exports)
{
    /// <summary>The sheet's bytes; null if the edition is not published or the unit is not in it.</summary>
    public async Task<byte[]?> GetAsync(string cycleId, int number, string unitId, CancellationToken cancellationToken)
    {
        var edition = await engine.QueryAsync(cycleId, s => s.Exists && number >= 1 && number <= s.Editions.Count && s.Units.ContainsKey(unitId)
            ? (s.Editions[number - 1], Current: s.Editions[number - 1].Basis is not { } basis || s.ScoresVersion <= basis)
            : default, cancellationToken);
        if (edition.Item1 is not { } published)
        {
            return null;
        }

        var name = ResultSheet.FileName(unitId);
        if (await exports.OpenAsync(cycleId, number, name, cancellationToken) is { } stored)
        {
            await using (stored)
            {
                using var copy = new MemoryStream();
                await stored.CopyToAsync(copy, cancellationToken);
                return copy.ToArray();
            }
        }

        var ranked = await editions.GetAsync(cycleId, number, published.Sha256, cancellationToken);
        if (!ranked.ByUnit.ContainsKey(unitId))
        {
            return null;
        }

        // The header the edition was published under: a later correction is a new edition, not a rewrite.
        var header = published.Header ?? await engine.QueryAsync(cycleId, s => s.Header, cancellationToken);
        byte[] sheet;
        if (edition.Current)
        {
            sheet = await engine.QueryAsync(cycleId, s => ResultSheet.Write(s, ranked, unitId, header, published.PublishedAt), cancellationToken);
        }
        else
        {
            var then = CycleState.Fold(cycleId, (await store.ReadAsync(cycleId, 0, cancellationToken, take: (int)published.Basis!.Value)).Select(e => e.Event));
            var now = await engine.QueryAsync(cycleId, s => s.Editions.ToList(), cancellationToken);
            // The sheet names the edition's hash, which the folded history does not have yet.
            then.Editions.Clear();
            then.Editions.AddRange(now);
            sheet = ResultSheet.Write(then, ranked, unitId, header, published.PublishedAt);
        }

        await exports.StoreAsync(cycleId, number, name, sheet, cancellationToken);
        // Another request may have stored its copy first: everyone gets the stored one.
        await using var first = await exports.OpenAsync(cycleId, number, name, cancellationToken);
        using var bytes = new MemoryStream();
        await first!.CopyToAsync(bytes, cancellationToken);
        return bytes.ToArray();
    }
}
