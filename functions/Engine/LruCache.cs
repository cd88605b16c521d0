using System.Collections.Concurrent;

namespace ItEval.Engine;

/// <summary>
/// At most <see cref="Capacity"/> values by key, the least recently used dropped first, so memory stays
/// flat however many streams an instance has seen. Dropping is always safe: the next use reads again.
/// </summary>
public sealed class LruCache<TValue>(int capacity) where TValue : class
{
    private readonly ConcurrentDictionary<string, TValue> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastUse = new(StringComparer.Ordinal);
    private long _uses;

    public int Capacity { get; set; } = Math.Max(1, capacity);

    public int Count => _values.Count;

    public bool Contains(string key) => _values.ContainsKey(key);

    public TValue? Get(string key) => _values.GetValueOrDefault(key);

    public void Set(string key, TValue value)
    {
        _values[key] = value;
        _lastUse[key] = Interlocked.Increment(ref _uses);
        var over = _values.Count - Capacity;
        if (over <= 0)
        {
            return;
        }

        foreach (var old in _lastUse.OrderBy(use => use.Value).Take(over).Select(use => use.Key).ToList())
        {
            Remove(old);
        }
    }

    public void Remove(string key)
    {
        _values.TryRemove(key, out _);
        _lastUse.TryRemove(key, out _);
    }
}
