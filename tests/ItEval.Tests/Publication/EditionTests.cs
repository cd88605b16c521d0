using System.Security.Cryptography;
using ItEval.Cycle;
using ItEval.Email;
using ItEval.Publication;
using ItEval.Ranking;
using ItEval.Tests.Cycle;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Publication;

/// <summary>Editions on Azurite: kept forever, hashed when published, documents stored once; last year's change.</summary>
public sealed class EditionTests
{
    private const string Id = "xh-2026";

    [Fact]
    public async Task A_complaint_accepted_after_publication_makes_edition_2_and_edition_1_stays_as_published()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await PublishedRound.CollectAsync(cycle, PublishedRound.Definition(Id, 6));
        await PublishedRound.AppraiseAndPublishAsync(cycle, Id);
        var store = cycle.Get<RankingStore>();
        var first = await store.ReadAsync(Id, 1, CancellationToken.None);
        var firstFiles = await cycle.Query(Id, s => s.Editions[0].Files);
        Assert.Equal([EditionContent.FileName, RankingWorkbook.FileName, RankingPdf.FileName], firstFiles.Select(f => f.Name));
        Assert.Equal(6, cycle.Deliveries.Count(id => id.Contains("/result/edition1", StringComparison.Ordinal)));

        // Unit 2 disputes criterion 1.1; the admin accepts and the team lowers it (its result changes).
        var code = await cycle.Query(Id, s => s.Rubric.Leaves.First().Code);
        Assert.Null((await cycle.Do(Id, new FileComplaint("k1", "u0002", [code], "Điểm tiêu chí chưa đúng với minh chứng", []) { By = "unit:U0002" })).Refusal);
        Assert.Null((await cycle.Do(Id, new DecideComplaint("k1", true, "Chấp nhận, tổ thẩm định xem lại") { By = "admin" })).Refusal);
        Assert.Null((await cycle.Do(Id, new Reappraise("u0002", [new AppraisedScore(code, 0m, "Phúc khảo: minh chứng không hợp lệ", "admin", cycle.Time.GetUtcNow())],
            "Phúc khảo theo kiến nghị k1", "k1") { By = "admin" })).Refusal);
        await cycle.SettleAsync();
        Assert.Equal((CyclePhase.Ranking, true, 2), await cycle.Query(Id, s => (s.Phase, s.RankingReady, s.RankingEdition ?? 0)));
        Assert.Null((await cycle.Do(Id, new PublishResults { By = "admin" })).Refusal);
        await cycle.SettleAsync();

        var second = await store.ReadAsync(Id, 2, CancellationToken.None);
        Assert.Equal(first, await store.ReadAsync(Id, 1, CancellationToken.None), RowComparer.Instance);
        Assert.NotEqual(first.Single(r => r.UnitId == "u0002").Total, second.Single(r => r.UnitId == "u0002").Total);
        var editions = await cycle.Query(Id, s => s.Editions.ToList());
        Assert.Equal([1, 2], editions.Select(e => e.Number));
        Assert.Equal(firstFiles, editions[0].Files);
        Assert.NotEqual(editions[0].Sha256, editions[1].Sha256);
        Assert.Equal(ComplaintStatus.Reappraised, await cycle.Query(Id, s => s.Complaints["k1"].Status));

        // Only the units whose result changed hear about edition 2.
        var changed = editions[1].ChangedUnitIds!;
        Assert.Contains("u0002", changed);
        Assert.Equal(changed.Count, cycle.Deliveries.Count(id => id.Contains("/result/edition2", StringComparison.Ordinal)));
        Assert.True(changed.Count < 6);
        Assert.Equal(1, cycle.Deliveries.Count(id => id.EndsWith("/complaint-decided/k1", StringComparison.Ordinal)));

        // Each edition's recorded hash is the hash of its stored content; every document is findable by its hash.
        var exports = cycle.Get<ExportStore>();
        foreach (var edition in editions)
        {
            Assert.Equal(edition.Sha256, await HashAsync(exports, edition.Number, EditionContent.FileName));
            foreach (var file in edition.Files)
            {
                Assert.Equal(file.Sha256, await HashAsync(exports, edition.Number, file.Name));
                Assert.Equal(new ExportLocation(Id, edition.Number, file.Name), Assert.Single(await exports.FindAsync(file.Sha256, CancellationToken.None)));
            }
        }

        var history = await cycle.Get<CycleStore>().ReadAsync(Id, 0, CancellationToken.None);
        Assert.Equal(editions.Select(e => e.Sha256), history.Select(e => e.Event).OfType<ResultsPublished>().Select(p => p.Sha256));
    }

    /// <summary>
    /// Issue 24: a wrong header in published documents is corrected without a re-appraisal: edition 2 has
    /// the same ranking, new documents under the corrected header, no email to any unit; edition 1 stays.
    /// </summary>
    [Fact]
    public async Task A_corrected_header_is_published_as_edition_2_with_the_same_ranking_new_documents_and_no_unit_email()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await PublishedRound.CollectAsync(cycle, PublishedRound.Definition(Id, 4));
        await PublishedRound.AppraiseAndPublishAsync(cycle, Id);
        var emailsBefore = cycle.Deliveries.Count(id => id.Contains("/result/", StringComparison.Ordinal));

        var corrected = Header with { Place = "Đà Lạt", SignerName = "Trần Văn Hùng" };
        Assert.Null((await cycle.Do(Id, new CorrectDocuments(corrected, "Sai địa danh và người ký") { By = "admin" })).Refusal);
        await cycle.SettleAsync();
        Assert.Equal((CyclePhase.Ranking, true, 0), await cycle.Query(Id, s => (s.Phase, s.RankingReady, s.RankingChanged!.Count)));
        Assert.Null((await cycle.Do(Id, new PublishResults { By = "admin" })).Refusal);
        await cycle.SettleAsync();

        var editions = await cycle.Query(Id, s => s.Editions.ToList());
        Assert.Equal([(1, (string?)null, "Lâm Đồng"), (2, "Sai địa danh và người ký", "Đà Lạt")], editions.Select(e => (e.Number, e.Correction, e.Header!.Place)));
        var store = cycle.Get<RankingStore>();
        Assert.Equal((await store.ReadAsync(Id, 1, CancellationToken.None)).Select(r => (r.UnitId, r.Rank, r.Total)),
            (await store.ReadAsync(Id, 2, CancellationToken.None)).Select(r => (r.UnitId, r.Rank, r.Total)));
        Assert.Equal(emailsBefore, cycle.Deliveries.Count(id => id.Contains("/result/", StringComparison.Ordinal)));

        var exports = cycle.Get<ExportStore>();
        var pdf2 = await ExportReadbackTests.PdfPages(await BytesAsync(exports, 2, RankingPdf.FileName));
        var pdf1 = await ExportReadbackTests.PdfPages(await BytesAsync(exports, 1, RankingPdf.FileName));
        Assert.Contains("Đà Lạt, ngày", string.Join(" ", pdf2), StringComparison.Ordinal);
        Assert.Contains("Trần Văn Hùng", string.Join(" ", pdf2), StringComparison.Ordinal);
        Assert.Contains("Lâm Đồng, ngày", string.Join(" ", pdf1), StringComparison.Ordinal);
    }

    private static async Task<byte[]> BytesAsync(ExportStore exports, int edition, string name)
    {
        await using var stream = await exports.OpenAsync(Id, edition, name, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_document_stored_for_an_edition_is_never_replaced()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        var exports = cycle.Get<ExportStore>();

        var first = await exports.StoreAsync("c", 1, "xep-hang.pdf", [1, 2, 3], CancellationToken.None);
        var again = await exports.StoreAsync("c", 1, "xep-hang.pdf", [9, 9, 9, 9], CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1, 2, 3 })), await HashAsync(exports, 1, "xep-hang.pdf", "c"));
    }

    [Fact]
    public async Task The_change_from_last_year_comes_from_last_years_published_cycle_matched_by_unit_code()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        // Last year's units had other ids; codes U0001… are what stays. This year has a new unit (code U0007).
        var lastYear = PublishedRound.Definition("xh-2025", 6, year: 2025, idPrefix: "old");
        var thisYear = PublishedRound.Definition(Id, 7);
        await PublishedRound.CollectAsync(cycle, lastYear, thisYear);
        await PublishedRound.AppraiseAndPublishAsync(cycle, lastYear.Id, (unit, _, points) => unit == "old0001" ? 0m : points);
        await PublishedRound.AppraiseAndPublishAsync(cycle, Id);

        var before = (await cycle.Get<RankingStore>().ReadAsync(lastYear.Id, 1, CancellationToken.None)).ToDictionary(r => r.UnitId.Replace("old", "u", StringComparison.Ordinal));
        var now = await cycle.Get<RankingStore>().ReadAsync(Id, 1, CancellationToken.None);
        foreach (var row in now.Where(r => r.UnitId != "u0007"))
        {
            var was = before[row.UnitId];
            Assert.Equal((was.Total, row.Total - was.Total, was.Rank), (row.PreviousTotal!.Value, row.ScoreChange!.Value, row.PreviousRank));
            Assert.Equal(was.Rank - row.Rank, row.RankChange);
        }

        var newcomer = now.Single(r => r.UnitId == "u0007");
        Assert.Equal((null, null, null), (newcomer.PreviousTotal, newcomer.ScoreChange, newcomer.PreviousRank));
        // Unit 1 scored 0 last year: its change is its whole total, and its email says so.
        Assert.Equal(now.Single(r => r.UnitId == "u0001").Total, now.Single(r => r.UnitId == "u0001").ScoreChange);
        var email = EmlWriter.Part(await storage.EmlAsync($"{Id}/{Id}~u0001~result~edition1.eml"), "text/plain")!;
        Assert.Contains("+" + ScoreDisplay.Format(now.Single(r => r.UnitId == "u0001").ScoreChange!.Value, ScoringMethod.Points), email, StringComparison.Ordinal);
    }

    private static async Task<string> HashAsync(ExportStore exports, int edition, string name, string cycleId = Id)
    {
        await using var stream = await exports.OpenAsync(cycleId, edition, name, CancellationToken.None);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream!));
    }

    /// <summary>Rows compared by value, their lists of group points included.</summary>
    private sealed class RowComparer : IEqualityComparer<RankingRow>
    {
        public static readonly RowComparer Instance = new();

        public bool Equals(RankingRow x, RankingRow y) => x with { Groups = [] } == y with { Groups = [] } && x.Groups.SequenceEqual(y.Groups);

        public int GetHashCode(RankingRow obj) => obj.UnitId.GetHashCode(StringComparison.Ordinal);
    }
}
