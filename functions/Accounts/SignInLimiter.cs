using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ItEval.Accounts;

/// <summary>
/// Failed sign-ins per client address in a fixed window (ASVS 2.2.1): a client that used up its tries is
/// answered as any wrong password, before the account is touched, so guessing from one address stops
/// and locking an account out takes several addresses. Kept in memory, per instance.
/// </summary>
public sealed class SignInLimiter(IOptions<AccountOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public bool IsBlocked(string client) =>
        _windows.TryGetValue(client, out var window) && Current(window) && window.Count >= options.Value.MaxFailedSignInsPerClient;

    public void Failed(string client)
    {
        _windows.AddOrUpdate(client, _ => new Window(time.GetUtcNow(), 1), (_, w) => Current(w) ? w with { Count = w.Count + 1 } : new Window(time.GetUtcNow(), 1));
        if (_windows.Count > 10_000)
        {
            foreach (var (key, value) in _windows)
            {
                if (!Current(value))
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
    }

    private bool Current(Window window) => time.GetUtcNow() - window.Start < options.Value.ClientWindow;

    private sealed record Window(DateTimeOffset Start, int Count);
}
