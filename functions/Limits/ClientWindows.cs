using System.Collections.Concurrent;

namespace ItEval.Limits;

/// <summary>
/// Counts events per client address in a fixed window (time from <see cref="TimeProvider"/>), in memory,
/// per instance, with bounded memory: the counter behind refused unit links and failed sign-ins.
/// </summary>
public sealed class ClientWindows(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>True when the client reached <paramref name="limit"/> in its current window.</summary>
    public bool IsBlocked(string client, int limit, TimeSpan window) =>
        _windows.TryGetValue(client, out var current) && Current(current, window) && current.Count >= limit;

    public void Count(string client, TimeSpan window)
    {
        _windows.AddOrUpdate(client, _ => new Window(time.GetUtcNow(), 1), (_, w) => Current(w, window) ? w with { Count = w.Count + 1 } : new Window(time.GetUtcNow(), 1));
        if (_windows.Count > 10_000)
        {
            // Bounded memory: windows that ended are forgotten.
            foreach (var (key, value) in _windows)
            {
                if (!Current(value, window))
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
    }

    private bool Current(Window w, TimeSpan window) => time.GetUtcNow() - w.Start < window;

    private sealed record Window(DateTimeOffset Start, int Count);
}
