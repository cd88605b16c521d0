using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace ItEval.Engine;

/// <summary>
/// One writer per stream across instances: a blob lease per stream (<c>writers/{stream}</c> in the
/// engine's container) that an instance holds while it drains that stream's commands. Without it, two
/// instances appending to one stream keep losing the insert-only race to each other, and each loss
/// throws away the loser's whole cached state (10,000 units: a 23 MB snapshot read again). With it,
/// they take turns, each turn one or more group commits. The lease only orders writers: the append's
/// own conflict check stays what keeps the log right, so a lease that cannot be had in
/// <see cref="MaxWait"/> (its holder died, storage is slow) is not waited for longer.
/// </summary>
public sealed class StreamLeases(BlobContainerClient container)
{
    /// <summary>The lease's own duration: what a dead holder costs the others at most (blob leases are 15–60 s).</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    /// <summary>Longest wait for another instance's turn before writing without the lease.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After its own turn, an instance that met another writer lately lets this much pass before it asks
    /// again, so the other's waiting commands get their turn (else the one that just released wins again
    /// with a handful of commands, and groups shrink to nothing). Alone, an instance never waits.
    /// </summary>
    public TimeSpan Courtesy { get; init; } = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan ContentionMemory = TimeSpan.FromSeconds(2);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long ReleasedAt, long ContendedAt)> _recent = new(StringComparer.Ordinal);

    /// <summary>The lease, or null when it could not be had in time (write anyway; the append still checks).</summary>
    public async Task<IAsyncDisposable?> AcquireAsync(string stream, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient($"writers/{Uri.EscapeDataString(stream)}");
        var lease = blob.GetBlobLeaseClient();
        // Real time, whatever clock the app runs on: a lease expires in the storage service's time.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        if (_recent.TryGetValue(stream, out var recent) && recent.ContendedAt != 0
            && System.Diagnostics.Stopwatch.GetElapsedTime(recent.ContendedAt) < ContentionMemory
            && Courtesy - System.Diagnostics.Stopwatch.GetElapsedTime(recent.ReleasedAt) is { } left && left > TimeSpan.Zero)
        {
            await Task.Delay(left, cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await lease.AcquireAsync(Duration, cancellationToken: cancellationToken);
                return new Held(lease, () => _recent.AddOrUpdate(stream, _ => (System.Diagnostics.Stopwatch.GetTimestamp(), 0),
                    (_, r) => (System.Diagnostics.Stopwatch.GetTimestamp(), r.ContendedAt)));
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                await CreateAsync(blob, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409 && waited.Elapsed < MaxWait)
            {
                // Another instance's turn: they are short (one drain, capped), so look again soon.
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                _recent.AddOrUpdate(stream, _ => (0, now), (_, r) => (r.ReleasedAt, now));
                await Task.Delay(TimeSpan.FromMilliseconds(2 + Random.Shared.Next(3)), cancellationToken);
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException)
            {
                return null;
            }
        }
    }

    private static async Task CreateAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another instance created it (or holds its lease already).
        }
    }

    private sealed class Held(BlobLeaseClient lease, Action released) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await lease.ReleaseAsync();
                released();
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException)
            {
                // It expires by itself within its duration.
            }
        }
    }
}
