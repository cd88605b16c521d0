using ItEval.Accounts;
using ItEval.Cycle;

namespace ItEval.Web.Console;

/// <summary>A member of a cycle's appraisal team who has no console account with their email yet.</summary>
public sealed record MemberWithoutAccount(string CycleId, string CycleName, TeamMember Member);

/// <summary>
/// The appraisal team of the running cycles against the console's accounts: a member is matched to an
/// account by email, so a member without one cannot see their visits. Lists them, and creates their
/// appraiser accounts in one step (user name from the email, one-time password each).
/// </summary>
public sealed class TeamAccounts(CycleStore cycles, CycleEngine engine, AccountStore store, AccountService accounts)
{
    /// <summary>At most this many accounts per click: their one-time passwords must fit the page's message.</summary>
    public const int MaxPerStep = 20;

    public async Task<IReadOnlyList<MemberWithoutAccount>> WithoutAccountAsync(string? cycleId, CancellationToken cancellationToken)
    {
        var emails = (await store.ListAsync(cancellationToken)).Where(a => !string.IsNullOrWhiteSpace(a.Email))
            .Select(a => a.Email!.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ids = cycleId is not null ? [cycleId] : (await cycles.ListAsync(activeOnly: true, cancellationToken)).Select(c => c.Id).ToList();
        var missing = new List<MemberWithoutAccount>();
        foreach (var id in ids)
        {
            var definition = await engine.QueryAsync(id, s => s.Definition, cancellationToken);
            missing.AddRange((definition?.Team ?? []).Where(m => !emails.Contains(m.Email.Trim())).Select(m => new MemberWithoutAccount(id, definition!.Name, m)));
        }

        return [.. missing.DistinctBy(m => m.Member.Email.Trim().ToLowerInvariant())];
    }

    /// <summary>Creates an appraiser account for each member without one; the user names and their one-time passwords.</summary>
    public async Task<IReadOnlyList<(string UserName, string Password)>> CreateAsync(string by, CancellationToken cancellationToken)
    {
        var created = new List<(string, string)>();
        foreach (var missing in (await WithoutAccountAsync(null, cancellationToken)).Take(MaxPerStep))
        {
            var stem = UserNameFrom(missing.Member);
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                var userName = attempt == 1 ? stem : $"{stem}{attempt}";
                var (password, problem) = await accounts.CreateAsync(userName, missing.Member.Name, missing.Member.Email.Trim(), [Roles.Appraiser], by, cancellationToken);
                if (password is not null)
                {
                    created.Add((userName, password));
                    break;
                }

                if (problem is null)
                {
                    break;
                }
            }
        }

        return created;
    }

    /// <summary>The email's local part, kept to what a user name may hold ("an.nv@tinh.gov.vn" → "an.nv").</summary>
    public static string UserNameFrom(TeamMember member)
    {
        var local = member.Email.Split('@')[0];
        var kept = new string([.. local.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')]).TrimStart('.', '_', '-');
        kept = kept.Length > 60 ? kept[..60] : kept;
        return kept.Length >= 2 ? kept : $"tv-{member.Id}".Replace(' ', '-');
    }
}
