using System.Globalization;
using System.Text.RegularExpressions;
using ItEval.Cycle;
using ItEval.Demo;
using ItEval.Ranking;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ItEval.Tests.Demo;

/// <summary>
/// The demo cycle (<c>./run.sh --demo-cycle</c>) runs to its second edition on Azurite with the app's own
/// services, and what it prints is what it stored: every ranking line read back from the terminal text
/// matches the stored edition's row (rank, total, band), group by group.
/// </summary>
public sealed partial class DemoCycleTests(ITestOutputHelper log)
{
    [Fact]
    public async Task The_demo_cycle_runs_to_edition_2_and_prints_the_ranking_it_stored()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        var deliveries = new DeliveryLog();
        await using var host = new EngineHost(EngineHost.SettingsFor(storage.ConnectionString, storage.Names.Prefix), time,
            services => CountingTransport.Register(services, deliveries));
        var output = new StringWriter(CultureInfo.InvariantCulture);
        await host.StartWorkerAsync();

        var outcome = await new DemoCycle(host.Services, output, at => time.SetUtcNow(at > time.GetUtcNow() ? at : time.GetUtcNow()))
            .RunAsync("demo-test", CancellationToken.None);
        var text = output.ToString();
        log.WriteLine(text);

        Assert.Equal(2, outcome.Edition);
        var state = await host.Get<CycleEngine>().QueryAsync("demo-test", s => (s.Phase, s.Units.Count, Submitted: s.SubmittedUnits, Late: s.Units.Values.Count(u => u.Late),
            Complaint: s.Complaints["KN-01"].Status, Adjusted: s.Units.Values.Sum(u => u.Appraisals.Values.Count(a => a.Reason is not null))), CancellationToken.None);
        Assert.Equal((CyclePhase.Published, 24, 22, 2, ComplaintStatus.Reappraised), (state.Phase, state.Count, state.Submitted, state.Late, state.Complaint));
        Assert.True(state.Adjusted >= 3);
        Assert.Equal(3, Regex.Count(text, "bị từ chối: Ô E\\d+"));
        Assert.Empty(deliveries.Duplicates);

        var stored = await host.Get<RankingStore>().ReadAsync("demo-test", 2, CancellationToken.None);
        var names = await host.Get<CycleEngine>().QueryAsync("demo-test", s => s.Units.ToDictionary(u => u.Value.Info.Name, u => u.Key), CancellationToken.None);
        var bands = await host.Get<CycleEngine>().QueryAsync("demo-test", s => s.Bands, CancellationToken.None);
        var printed = RankingLine().Matches(text).Select(m => (Rank: m.Groups["rank"].Value, Unit: names[m.Groups["name"].Value.TrimEnd()],
            Total: decimal.Parse(m.Groups["total"].Value, CultureInfo.InvariantCulture), Band: m.Groups["band"].Value.TrimEnd())).ToList();

        Assert.Equal(24, printed.Count);
        Assert.Equal(stored.Select(r => r.UnitId), printed.Select(p => p.Unit));
        foreach (var (row, line) in stored.Zip(printed))
        {
            var mark = row.Status == UnitStatus.NotSubmitted ? DemoCycle.NotSubmittedMark : "";
            Assert.Equal((row.Rank?.ToString(CultureInfo.InvariantCulture) ?? "—", row.Total, (bands.Find(row.BandCode)?.NameVi ?? "không xếp hạng") + mark), (line.Rank, line.Total, line.Band));
        }

        // The two units that never submitted rank last in their groups with nothing (the cycle's policy).
        Assert.All(DemoCycle.Silent, unit => Assert.Equal(0m, stored.Single(r => r.UnitId == unit).Total));
        Assert.All(DemoCycle.Silent, unit => Assert.Equal(stored.Where(r => r.RankingGroup == stored.Single(s => s.UnitId == unit).RankingGroup).Max(r => r.Rank), stored.Single(r => r.UnitId == unit).Rank));
        Assert.Contains("Khối đảng ủy xã, phường, đặc khu", text, StringComparison.Ordinal);
    }

    /// <summary>Issue 24: <c>--demo-appraisal</c> stops in Appraising with visits assigned and nothing appraised, to rehearse.</summary>
    [Fact]
    public async Task The_rehearsal_demo_stops_in_appraising_on_the_first_visits_morning_with_nothing_appraised()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        await using var host = new EngineHost(EngineHost.SettingsFor(storage.ConnectionString, storage.Names.Prefix), time);
        await host.StartWorkerAsync();

        await new DemoCycle(host.Services, new StringWriter(CultureInfo.InvariantCulture), at => time.SetUtcNow(at > time.GetUtcNow() ? at : time.GetUtcNow()))
            .RunAsync("demo-rehearsal", CancellationToken.None, untilAppraisal: true);

        var state = await host.Get<CycleEngine>().QueryAsync("demo-rehearsal", s => (s.Phase, Visits: s.Visited.Count(), Appraised: s.Units.Values.Count(u => u.Appraisals.Count > 0),
            First: s.Visited.Min(u => u.Visit!.Day), Today: s.Calendar.Today(time.GetUtcNow())), CancellationToken.None);
        Assert.Equal((CyclePhase.Appraising, 22, 0), (state.Phase, state.Visits, state.Appraised));
        Assert.Equal(state.First, state.Today);

        // A 2026 province's geography: each team's day stays among neighbouring areas; the island takes a whole day alone.
        var days = await host.Get<CycleEngine>().QueryAsync("demo-rehearsal", s => s.Visited.GroupBy(u => (u.Visit!.Day, u.Visit.TeamId))
            .Select(g => g.Select(u => u.Info.District).ToList()).ToList(), CancellationToken.None);
        var neighbours = new ItEval.Scheduling.DistrictNeighbours(DemoRoster.NeighbourGroups);
        Assert.All(days, day => Assert.True(day.All(a => day.All(b => neighbours.Near(a, b))), string.Join(", ", day)));
        Assert.Contains(["Phú Quý"], days);
        Assert.Contains(days, day => day.Distinct().Count() > 1);
    }

    [GeneratedRegex(@"^\s*(?<rank>\d+|—)  (?<name>\S.*?)  +(?<total>\d+\.\d{2})  (?<band>.+)$", RegexOptions.Multiline)]
    private static partial Regex RankingLine();
}
