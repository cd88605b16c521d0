using ItEval.Limits;
using Microsoft.Extensions.Options;

namespace ItEval.Links;

/// <summary>
/// Counts refused link attempts per client address in a fixed window, so guessing tokens from one
/// address is cut off with 429 while units with valid links are not affected.
/// </summary>
public sealed class RefusalLimiter(IOptions<UnitLinkOptions> options, TimeProvider time)
{
    private readonly ClientWindows _windows = new(time);

    /// <summary>True when the client used up its refusals for the current window.</summary>
    public bool IsBlocked(string client) => _windows.IsBlocked(client, options.Value.MaxRefusalsPerClient, options.Value.RefusalWindow);

    public void Refused(string client) => _windows.Count(client, options.Value.RefusalWindow);
}
