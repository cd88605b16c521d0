using System.Collections.Concurrent;

namespace ItEval.Engine;

/// <summary>One gate per stream: whoever holds it is the only code of this instance changing that stream's state.</summary>
public sealed class StreamGates
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<Held> EnterAsync(string stream, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(stream, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    /// <summary>A held gate; disposing it lets the next caller in.</summary>
    public readonly struct Held(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
