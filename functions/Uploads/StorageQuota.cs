using Azure;
using Azure.Data.Tables;
using ItEval.Storage;
using Microsoft.Extensions.Options;

namespace ItEval.Uploads;

/// <summary>What a unit and a cycle keep in storage, against their totals.</summary>
public sealed record StorageUsage(long UnitBytes, long UnitLimit, long CycleBytes, long CycleLimit);

/// <summary>
/// Bytes kept per unit and per cycle (every form version, refused ones too, evidence and complaint
/// files): each upload takes its bytes from both totals before it is stored, with optimistic concurrency
/// on two counter rows, and is refused with a clear message when either would be passed. Without it one
/// link could keep ~2.45 GB and a cycle had no bound at all.
/// </summary>
public sealed class StorageQuota(TableServiceClient tables, StorageNames names, IOptions<UploadOptions> options)
{
    private const string Row = "bytes";
    private readonly TableClient _table = tables.GetTableClient(names.SubmissionsTable);

    public async Task<StorageUsage> UsageAsync(string cycleId, string? unitId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        return new StorageUsage(unitId is null ? 0 : await UsedAsync(UnitPartition(cycleId, unitId), cancellationToken), o.MaxBytesPerUnit,
            await UsedAsync(CyclePartition(cycleId), cancellationToken), o.MaxBytesPerCycle);
    }

    private async Task<long> UsedAsync(string partition, CancellationToken cancellationToken) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(partition, Row, cancellationToken: cancellationToken)) is { HasValue: true } row ? row.Value!.GetInt64("Bytes") ?? 0 : 0;

    /// <summary>Takes <paramref name="bytes"/> from the unit's and the cycle's totals; the refusal when either is used up.</summary>
    public async Task<(string Vi, string En)?> TakeAsync(string cycleId, string unitId, long bytes, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (await TryAddAsync(UnitPartition(cycleId, unitId), bytes, o.MaxBytesPerUnit, cancellationToken) is { } unitUsed)
        {
            return (
                $"Đơn vị đã dùng {Size(unitUsed, true)} trong {Size(o.MaxBytesPerUnit, true)} dung lượng lưu trữ của kỳ này, không đủ chỗ cho tệp {Size(bytes, true)}; hãy gộp hoặc nén bớt tệp, hoặc liên hệ bộ phận CNTT.",
                $"The unit has used {Size(unitUsed, false)} of its {Size(o.MaxBytesPerUnit, false)} storage for this cycle, not enough for a {Size(bytes, false)} file; merge or compress files, or contact the IT office.");
        }

        if (await TryAddAsync(CyclePartition(cycleId), bytes, o.MaxBytesPerCycle, cancellationToken) is { } cycleUsed)
        {
            await TryAddAsync(UnitPartition(cycleId, unitId), -bytes, long.MaxValue, cancellationToken);
            return (
                $"Kỳ đánh giá đã dùng hết dung lượng lưu trữ ({Size(cycleUsed, true)} trong {Size(o.MaxBytesPerCycle, true)}); chưa có gì được ghi nhận. Hãy báo bộ phận CNTT.",
                $"The cycle's storage is used up ({Size(cycleUsed, false)} of {Size(o.MaxBytesPerCycle, false)}); nothing was recorded. Tell the IT office.");
        }

        return null;
    }

    /// <summary>Gives bytes back (an upload that was not stored after all).</summary>
    public async Task GiveBackAsync(string cycleId, string unitId, long bytes, CancellationToken cancellationToken)
    {
        await TryAddAsync(UnitPartition(cycleId, unitId), -bytes, long.MaxValue, cancellationToken);
        await TryAddAsync(CyclePartition(cycleId), -bytes, long.MaxValue, cancellationToken);
    }

    /// <summary>Adds to a counter unless it would pass <paramref name="limit"/>: null when added, else what is used.</summary>
    private async Task<long?> TryAddAsync(string partition, long bytes, long limit, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 100; attempt++)
        {
            try
            {
                var row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, Row, cancellationToken: cancellationToken);
                var used = row.HasValue ? row.Value!.GetInt64("Bytes") ?? 0 : 0;
                if (bytes > 0 && used + bytes > limit)
                {
                    return used;
                }

                var next = new TableEntity(partition, Row) { ["Bytes"] = Math.Max(0, used + bytes) };
                if (row.HasValue)
                {
                    await _table.UpdateEntityAsync(next, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _table.AddEntityAsync(next, cancellationToken);
                }

                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another upload of the unit or the cycle took its bytes first: read again after a short, spread-out pause.
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(attempt, 20)), cancellationToken);
            }
        }

        throw new RequestFailedException(503, "Too many uploads at once; try again.");
    }

    /// <summary>A size as people read it: KB under a megabyte, else MB or GB with one decimal (a comma in Vietnamese).</summary>
    public static string Size(long bytes, bool vietnamese)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo(vietnamese ? "vi-VN" : "en-GB");
        return bytes switch
        {
            < 1024 * 1024 => $"{Math.Ceiling(bytes / 1024.0).ToString("0", culture)} KB",
            < 1024L * 1024 * 1024 => $"{(bytes / 1024.0 / 1024.0).ToString("0.#", culture)} MB",
            _ => $"{(bytes / 1024.0 / 1024.0 / 1024.0).ToString("0.#", culture)} GB",
        };
    }

    private static string UnitPartition(string cycleId, string unitId) => $"{cycleId}|{unitId}|quota";

    private static string CyclePartition(string cycleId) => $"{cycleId}||cycle-quota";
}
