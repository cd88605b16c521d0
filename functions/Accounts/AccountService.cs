using System.Security.Cryptography;
using ItEval.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ItEval.Accounts;

/// <summary>Settings section <c>Accounts</c>.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>
    /// Failed sign-ins in a row (from any address) before the account is locked for <see cref="Lockout"/>:
    /// above the per-client limit, so one address alone cannot lock someone out.
    /// </summary>
    public int MaxFailedSignIns { get; set; } = 20;

    /// <summary>Failed sign-ins one client address may make in <see cref="ClientWindow"/>.</summary>
    public int MaxFailedSignInsPerClient { get; set; } = 5;

    public TimeSpan ClientWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>At least <see cref="PasswordPolicy.MinLength"/>; a setting may only raise it.</summary>
    public int MinPasswordLength { get; set; } = PasswordPolicy.MinLength;

    /// <summary>When no account exists yet: the first admin's user name and one-time password (./run.sh sets both).</summary>
    public string? FirstAdminUserName { get; set; }

    public string? FirstAdminPassword { get; set; }
}

/// <summary>Why something about an account was refused, for a person.</summary>
public sealed record AccountProblem(string Vi, string En);

/// <summary>
/// Local accounts: sign-in with lockout after repeated failures, a one-time password that must be
/// changed at the first sign-in, and what admins do (add, disable, reset, set roles). Passwords are
/// hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/>; one-time passwords are random.
/// </summary>
public sealed class AccountService(AccountStore store, TimeProvider time, IOptions<AccountOptions> options, SignInLimiter limiter)
{
    private static readonly PasswordHasher<Account> Hasher = new();

    /// <summary>
    /// The one answer to an unknown name, a wrong password, a locked account and a client over its limit
    /// (ASVS 2.2.1, 3.x enumeration): the same words, after the same password hashing.
    /// </summary>
    public static readonly AccountProblem NotSignedIn = new(
        "Tên đăng nhập hoặc mật khẩu không đúng, hoặc đã nhập sai nhiều lần nên tạm thời chưa đăng nhập được; hãy kiểm tra lại, thử lại sau 15 phút hoặc liên hệ quản trị.",
        "The user name or password is wrong, or there were too many wrong tries and signing in is paused; check them, try again in 15 minutes or contact an administrator.");

    /// <summary>A hash nobody's password matches: checked for unknown user names too, so timing does not tell which names exist.</summary>
    private static readonly string Decoy = Hasher.HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    public async Task<(Account? Account, AccountProblem? Problem)> SignInAsync(string userName, string password, string client, CancellationToken cancellationToken)
    {
        if (limiter.IsBlocked(client) || (password ?? "").Length > PasswordPolicy.MaxLength * 4)
        {
            // Hashing still runs: a blocked client is not answered faster than a wrong password.
            Hasher.VerifyHashedPassword(null!, Decoy, (password ?? "")[..Math.Min((password ?? "").Length, PasswordPolicy.MaxLength)]);
            return (null, NotSignedIn);
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var found = await store.GetAsync(userName, cancellationToken);
            if (found is not var (account, etag))
            {
                Hasher.VerifyHashedPassword(null!, Decoy, password ?? "");
                limiter.Failed(client);
                return (null, NotSignedIn);
            }

            var now = time.GetUtcNow();
            var verified = Hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? "");
            if (account.LockedUntil > now)
            {
                limiter.Failed(client);
                return (null, NotSignedIn);
            }

            if (verified == PasswordVerificationResult.Failed)
            {
                var failed = account.FailedSignIns + 1;
                var locks = failed >= options.Value.MaxFailedSignIns;
                var updated = account with { FailedSignIns = locks ? 0 : failed, LockedUntil = locks ? now + options.Value.Lockout : account.LockedUntil };
                if (!await store.ReplaceAsync(updated, etag, cancellationToken))
                {
                    continue;
                }

                limiter.Failed(client);
                return (null, NotSignedIn);
            }

            if (account.Disabled)
            {
                return (null, new AccountProblem("Tài khoản đã bị khóa; hãy liên hệ quản trị.", "The account is disabled; contact an administrator."));
            }

            var signedIn = account with
            {
                FailedSignIns = 0,
                LockedUntil = null,
                PasswordHash = verified == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(account, password!) : account.PasswordHash,
            };
            if (signedIn != account && !await store.ReplaceAsync(signedIn, etag, cancellationToken))
            {
                continue;
            }

            return (signedIn, null);
        }

        return (null, new AccountProblem("Có quá nhiều lần đăng nhập cùng lúc; hãy thử lại.", "Too many sign-ins at once; try again."));
    }

    /// <summary>The person changes their own password (required after a one-time password).</summary>
    public async Task<AccountProblem?> ChangePasswordAsync(string userName, string current, string next, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(userName, cancellationToken) is not var (account, etag)
            || Hasher.VerifyHashedPassword(account, account.PasswordHash, current ?? "") == PasswordVerificationResult.Failed)
        {
            return new AccountProblem("Mật khẩu hiện tại không đúng.", "The current password is wrong.");
        }

        if (PasswordPolicy.Problem(next, account.UserName, account.DisplayName, current, options.Value.MinPasswordLength) is { } problem)
        {
            return problem;
        }

        var changed = account with { PasswordHash = Hasher.HashPassword(account, next), MustChangePassword = false, SecurityStamp = NewStamp() };
        return await store.ReplaceAsync(changed, etag, cancellationToken) ? null
            : new AccountProblem("Tài khoản vừa được thay đổi ở nơi khác; hãy thử lại.", "The account was just changed elsewhere; try again.");
    }

    /// <summary>Adds an account with a one-time password (returned once, to give to the person).</summary>
    public async Task<(string? OneTimePassword, AccountProblem? Problem)> CreateAsync(
        string userName, string displayName, string? email, IReadOnlyList<string> roles, string by, CancellationToken cancellationToken)
    {
        userName = userName?.Trim() ?? "";
        if (!System.Text.RegularExpressions.Regex.IsMatch(userName, "^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"))
        {
            return (null, new AccountProblem("Tên đăng nhập chỉ gồm chữ không dấu, số và . _ - (2–64 ký tự).", "A user name is letters, digits and . _ - (2–64 characters)."));
        }

        if (string.IsNullOrWhiteSpace(displayName))
        {
            return (null, new AccountProblem("Cần ghi họ tên.", "A full name is required."));
        }

        if (!string.IsNullOrWhiteSpace(email) && !Email.EmailAddresses.IsValid(email.Trim()))
        {
            return (null, new AccountProblem("Địa chỉ thư không hợp lệ.", "The email address is not valid."));
        }

        if (roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            return (null, new AccountProblem("Hãy chọn ít nhất một vai trò (quản trị, thành viên tổ thẩm định).", "Choose at least one role (admin, appraiser)."));
        }

        var password = NewPassword();
        var account = new Account(userName, displayName.Trim(), string.IsNullOrWhiteSpace(email) ? null : email.Trim(), roles, "", true, false, 0, null, NewStamp(), time.GetUtcNow(), by);
        account = account with { PasswordHash = Hasher.HashPassword(account, password) };
        return await store.AddAsync(account, cancellationToken) ? (password, null)
            : (null, new AccountProblem($"Tên đăng nhập \"{userName}\" đã có.", $"The user name \"{userName}\" is taken."));
    }

    /// <summary>A new one-time password; the person must change it at the next sign-in, and their sessions end.</summary>
    public Task<(string? OneTimePassword, AccountProblem? Problem)> ResetPasswordAsync(string userName, CancellationToken cancellationToken)
    {
        var password = NewPassword();
        return ChangeAsync(userName, a => a with { PasswordHash = Hasher.HashPassword(a, password), MustChangePassword = true, LockedUntil = null, FailedSignIns = 0 },
            password, cancellationToken);
    }

    public async Task<AccountProblem?> SetDisabledAsync(string userName, bool disabled, string by, CancellationToken cancellationToken) =>
        Account.Normalize(userName) == Account.Normalize(by) && disabled
            ? new AccountProblem("Không thể tự khóa tài khoản của mình.", "You cannot disable your own account.")
            : (await ChangeAsync(userName, a => a with { Disabled = disabled }, null, cancellationToken)).Problem;

    public async Task<AccountProblem?> SetRolesAsync(string userName, IReadOnlyList<string> roles, string by, CancellationToken cancellationToken)
    {
        if (roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            return new AccountProblem("Hãy chọn ít nhất một vai trò.", "Choose at least one role.");
        }

        return Account.Normalize(userName) == Account.Normalize(by) && !roles.Contains(Roles.Admin)
            ? new AccountProblem("Không thể tự bỏ vai trò quản trị của mình.", "You cannot remove your own admin role.")
            : (await ChangeAsync(userName, a => a with { Roles = roles }, null, cancellationToken)).Problem;
    }

    /// <summary>Creates the first admin from the settings when no account exists yet (./run.sh on first run).</summary>
    public async Task EnsureFirstAdminAsync(CancellationToken cancellationToken)
    {
        var first = options.Value;
        if (string.IsNullOrWhiteSpace(first.FirstAdminUserName) || string.IsNullOrWhiteSpace(first.FirstAdminPassword) || await store.AnyAsync(cancellationToken))
        {
            return;
        }

        var account = new Account(first.FirstAdminUserName.Trim(), "Quản trị", null, [Roles.Admin], "", true, false, 0, null, NewStamp(), time.GetUtcNow(), "setup");
        await store.AddAsync(account with { PasswordHash = Hasher.HashPassword(account, first.FirstAdminPassword) }, cancellationToken);
    }

    private async Task<(string? OneTimePassword, AccountProblem? Problem)> ChangeAsync(string userName, Func<Account, Account> change, string? password, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await store.GetAsync(userName, cancellationToken) is not var (account, etag))
            {
                return (null, new AccountProblem($"Không có tài khoản \"{userName}\".", $"There is no account \"{userName}\"."));
            }

            // Any change by an admin ends the person's sessions (the stamp in their cookie no longer matches).
            if (await store.ReplaceAsync(change(account) with { SecurityStamp = NewStamp() }, etag, cancellationToken))
            {
                return (password, null);
            }
        }

        return (null, new AccountProblem("Tài khoản vừa được thay đổi ở nơi khác; hãy thử lại.", "The account was just changed elsewhere; try again."));
    }

    /// <summary>16 characters without look-alikes (no 0/O, 1/l/I), about 90 bits.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}

/// <summary>Creates the first admin once storage exists.</summary>
public sealed class FirstAdminStep(AccountService accounts) : IStorageReadyStep
{
    public Task RunAsync(CancellationToken cancellationToken) => accounts.EnsureFirstAdminAsync(cancellationToken);
}
