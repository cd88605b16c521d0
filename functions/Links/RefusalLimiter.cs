using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ItEval.Links;

/// <summary>
/// Counts refused link attempts per client address in a fixed window (time from <see cref="TimeProvider"/>),
/// so guessing tokens from one address is cut off with 429 while units with valid links are not affected.
/// </summary>
public sealed class RefusalLimiter(IOptions<UnitLinkOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>True when the client used up its refusals for the current window.</summary>
    public bool IsBlocked(string client) =>
        _windows.TryGetValue(client, out var window) && Current(window) && window.Count >= options.Value.MaxRefusalsPerClient;

    public void Refused(string client)
    {
        _windows.AddOrUpdate(client, _ => new Window(time.GetUtcNow(), 1), (_, w) => Current(w) ? w with { Count = w.Count + 1 } : new Window(time.GetUtcNow(), 1));
        if (_windows.Count > 10_000)
        {
            // Bounded memory: windows that ended are forgotten.
            foreach (var (key, value) in _windows)
            {
                if (!Current(value))
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
    }

    private bool Current(Window window) => time.GetUtcNow() - window.Start < options.Value.RefusalWindow;

    private sealed record Window(DateTimeOffset Start, int Count);
}
