using System.Diagnostics;
using ItEval.Cycle;
using ItEval.Engine;
using ItEval.Testing;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ItEval.Tests.Cycle;

/// <summary>
/// A cycle's commands are decided by one instance at a time (the writer's turn, a blob lease per cycle):
/// an instance waits while another holds the turn, writes as soon as it is given back, and does not wait
/// forever for a holder that died (the append's own check keeps the log right without it).
/// </summary>
public sealed class WriterTurnTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_command_waits_while_another_instance_holds_the_cycles_turn_and_runs_when_it_is_given_back()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var host = new EngineHost(EngineHost.SettingsFor(storage.ConnectionString, storage.Names.Prefix), new FakeTimeProvider(Now));
        var engine = host.Get<CycleEngine>();
        await engine.HandleAsync("w", new CreateCycle(SampleCycles.Definition("w", 2)) { By = "admin" }, CancellationToken.None);
        var other = new StreamLeases(storage.Blobs.GetBlobContainerClient(storage.Names.StateContainer)) { MaxWait = TimeSpan.FromSeconds(30) };

        var turn = await other.AcquireAsync("w", CancellationToken.None);
        Assert.NotNull(turn);
        var waiting = engine.HandleAsync("w", new StartCycle { By = "admin" }, CancellationToken.None);
        await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(700)));
        Assert.False(waiting.IsCompleted, "the command was decided while another instance held the cycle's turn");
        await using (var second = new EngineHost(host.Settings, new FakeTimeProvider(Now)))
        {
            Assert.Equal(CyclePhase.Draft, await second.Get<CycleEngine>().QueryAsync("w", s => s.Phase, CancellationToken.None));
        }

        await turn.DisposeAsync();
        var result = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(result.Refusal);
        Assert.Equal(CyclePhase.Announcing, result.Phase);
    }

    [Fact]
    public async Task A_turn_whose_holder_died_is_not_waited_for_longer_than_the_limit()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var container = storage.Blobs.GetBlobContainerClient(storage.Names.StateContainer);
        var dead = new StreamLeases(container);
        Assert.NotNull(await dead.AcquireAsync("x", CancellationToken.None));   // never released: its instance "died"

        var watch = Stopwatch.StartNew();
        var mine = await new StreamLeases(container) { MaxWait = TimeSpan.FromMilliseconds(500) }.AcquireAsync("x", CancellationToken.None);

        Assert.Null(mine);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
    }
}
