namespace ItEval.Demo;

/// <summary>
/// The demo cycle's clock: real time moved forward by jumps (weeks pass in a second), so every screen,
/// email and history line after the demo shows the dates the cycle lived through. Delays and timers run
/// in real time, like the system clock's.
/// </summary>
public sealed class DemoClock : TimeProvider
{
    private long _aheadTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _aheadTicks));

    /// <summary>Jumps to <paramref name="at"/> (never back: time in a cycle only moves forward).</summary>
    public void MoveTo(DateTimeOffset at)
    {
        var ahead = at - GetUtcNow();
        if (ahead > TimeSpan.Zero)
        {
            Interlocked.Add(ref _aheadTicks, ahead.Ticks);
        }
    }
}
