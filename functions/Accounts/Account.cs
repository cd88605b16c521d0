namespace ItEval.Accounts;

/// <summary>The two roles of people who sign in (the same roles as API keys).</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Appraiser = "appraiser";

    public static readonly IReadOnlyList<string> All = [Admin, Appraiser];
}

/// <summary>
/// A local account (tài khoản) of the IT office or the appraisal team: who, which roles, the password
/// hash (ASP.NET Core's PasswordHasher), whether its password must be changed at the next sign-in,
/// whether it is disabled, failed sign-ins and the lockout they caused, and a stamp that changes
/// whenever a session must end (password, roles, disabling).
/// </summary>
public sealed record Account(
    string UserName,
    string DisplayName,
    string? Email,
    IReadOnlyList<string> Roles,
    string PasswordHash,
    bool MustChangePassword,
    bool Disabled,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    string SecurityStamp,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    /// <summary>How the history names this person: "Nguyễn Văn An (an.nv)".</summary>
    public string Who => $"{DisplayName} ({UserName})";

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();
}
