using ItEval.Limits;
using Microsoft.Extensions.Options;

namespace ItEval.Accounts;

/// <summary>
/// Failed sign-ins per client address in a fixed window (ASVS 2.2.1): a client that used up its tries is
/// answered as any wrong password, before the account is touched, so guessing from one address stops
/// and locking an account out takes several addresses. Kept in memory, per instance.
/// </summary>
public sealed class SignInLimiter(IOptions<AccountOptions> options, TimeProvider time)
{
    private readonly ClientWindows _windows = new(time);

    public bool IsBlocked(string client) => _windows.IsBlocked(client, options.Value.MaxFailedSignInsPerClient, options.Value.ClientWindow);

    public void Failed(string client) => _windows.Count(client, options.Value.ClientWindow);
}
