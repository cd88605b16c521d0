using Azure;
using Azure.Data.Tables;
using ItEval.Storage;

namespace ItEval.Accounts;

/// <summary>Accounts in Table storage: one row per user name (lower case), written with ETags so concurrent changes never overwrite each other.</summary>
public sealed class AccountStore(TableServiceClient tables, StorageNames names)
{
    private const string Partition = "accounts";
    private readonly TableClient _table = tables.GetTableClient(names.AccountsTable);

    public async Task<(Account Account, ETag ETag)?> GetAsync(string userName, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Account.Normalize(userName), cancellationToken: cancellationToken);
        return row.HasValue ? (Read(row.Value!), row.Value!.ETag) : null;
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        var accounts = new List<Account>();
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            accounts.Add(Read(row));
        }

        return [.. accounts.OrderBy(a => a.UserName, StringComparer.Ordinal)];
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _table.QueryAsync<TableEntity>(r => r.PartitionKey == Partition, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return true;
        }

        return false;
    }

    /// <summary>Adds a new account; false when the user name is taken.</summary>
    public async Task<bool> AddAsync(Account account, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(Write(account), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the account if nobody changed it since <paramref name="etag"/>; false otherwise (read again and retry).</summary>
    public async Task<bool> ReplaceAsync(Account account, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(Write(account), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity Write(Account a) => new(Partition, Account.Normalize(a.UserName))
    {
        ["UserName"] = a.UserName,
        ["DisplayName"] = a.DisplayName,
        ["Email"] = a.Email,
        ["Roles"] = string.Join(",", a.Roles),
        ["PasswordHash"] = a.PasswordHash,
        ["MustChangePassword"] = a.MustChangePassword,
        ["Disabled"] = a.Disabled,
        ["FailedSignIns"] = a.FailedSignIns,
        ["LockedUntil"] = a.LockedUntil,
        ["SecurityStamp"] = a.SecurityStamp,
        ["CreatedAt"] = a.CreatedAt,
        ["CreatedBy"] = a.CreatedBy,
    };

    private static Account Read(TableEntity row) => new(
        row.GetString("UserName") ?? row.RowKey,
        row.GetString("DisplayName") ?? row.RowKey,
        row.GetString("Email"),
        [.. (row.GetString("Roles") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Where(Roles.All.Contains)],
        row.GetString("PasswordHash") ?? "",
        row.GetBoolean("MustChangePassword") ?? false,
        row.GetBoolean("Disabled") ?? false,
        row.GetInt32("FailedSignIns") ?? 0,
        row.GetDateTimeOffset("LockedUntil"),
        row.GetString("SecurityStamp") ?? "",
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        row.GetString("CreatedBy") ?? "");
}
