using Azure;
using Azure.Data.Tables;
using ItEval.Storage;
using ItEval.Telemetry;
using ItEval.Engine;

namespace ItEval.Email;

/// <summary>A file sent with an email, e.g. the visit's calendar invite.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, string Content);

/// <summary>
/// One email, with a deterministic id (cycle, unit, kind, key) that makes sending it idempotent. Its
/// texts may hold substitution tokens (<see cref="Substitutions"/>) for what is personal, so messages
/// of one kind share their content and a provider can send many in one request.
/// </summary>
public sealed record EmailMessage(
    string Id, string Kind, IReadOnlyList<string> To, string Subject, string Text, string? Html = null,
    IReadOnlyList<EmailAttachment>? Attachments = null, IReadOnlyDictionary<string, string>? Substitutions = null)
{
    /// <summary>The message with its tokens replaced by this recipient's values.</summary>
    public EmailMessage Resolve()
    {
        if (Substitutions is not { Count: > 0 } values)
        {
            return this;
        }

        string Apply(string text) => values.Aggregate(new System.Text.StringBuilder(text), (b, v) => b.Replace(v.Key, v.Value)).ToString();
        return this with { Subject = Apply(Subject), Text = Apply(Text), Html = Html is null ? null : Apply(Html), Substitutions = null };
    }
}

/// <summary>
/// The outbox: one Table row per email id (status sending, pending, sent or failed; attempts; who holds
/// it and until when; provider message id; last error). Every delivery of a work item claims its rows
/// for itself (a fresh owner and a lease, written ETag-conditionally) before anything reaches the
/// provider, keeps the lease alive while the provider works, and records the outcome only if its claim
/// still stands. So two deliveries of one item, or two items naming one email, never both hand it over;
/// a live claim held by another delivery makes this one wait (<see cref="EmailBusyException"/>). The one
/// duplicate left: the process dies after the provider accepted and before the row says so; the lease
/// then runs out and the next delivery sends again (docs/email.md).
/// </summary>
public sealed partial class OutboxMailer(TableServiceClient tables, StorageNames names, TimeProvider time, IEmailTransport transport, ILogger<OutboxMailer>? logger = null, ItEvalTelemetry? telemetry = null)
{
    private readonly TableClient _outbox = tables.GetTableClient(names.OutboxTable);

    /// <summary>
    /// How long a claim holds without renewal; a delivery that died leaves its emails to others after this.
    /// Short, so work resumes within 30 s after an instance dies (as the task hub's 20 s visibilities do).
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    /// <summary>How often a delivery renews its claims while the provider works (a third of the lease).</summary>
    public static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(5);

    /// <summary>True if this call handed the email to the provider and it was accepted; false if it was done before.</summary>
    public async Task<bool> SendAsync(string cycleId, EmailMessage message, string workId, CancellationToken cancellationToken) =>
        await SendBatchAsync(cycleId, [message], workId, cancellationToken) == 1;

    /// <summary>
    /// Sends a work item's emails that are not sent yet, 100 rows per table transaction; returns how many
    /// the provider accepted now. Throws <see cref="EmailBusyException"/> when another delivery holds some
    /// of them (after sending the rest) and <see cref="EmailDeliveryException"/> when the provider failed
    /// for now (after recording what it accepted), so the work item runs again later.
    /// </summary>
    public async Task<int> SendBatchAsync(string cycleId, IReadOnlyList<EmailMessage> messages, string workId, CancellationToken cancellationToken)
    {
        // One owner per call: a second delivery of the same work item is somebody else.
        var owner = $"{workId}#{Guid.NewGuid():N}";
        var sent = 0;
        DateTimeOffset? busyUntil = null;
        string? notSent = null;
        foreach (var chunk in messages.DistinctBy(m => m.Id).Chunk(100))
        {
            var (claims, busy) = await ClaimAsync(cycleId, chunk, owner, cancellationToken);
            busyUntil = Later(busyUntil, busy);
            if (claims.Count == 0)
            {
                continue;
            }

            IReadOnlyList<Delivery> deliveries;
            try
            {
                await using (new LeaseKeeper(_outbox, time, claims))
                {
                    deliveries = await transport.DeliverAsync(cycleId, [.. claims.Select(c => c.Message)], cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not SimulatedCrashException)
            {
                // The transport's contract is to answer per message; one that throws failed before handing
                // anything over, so the claims go back at once (and the work item retries, then poisons).
                await RecordAsync(claims, [.. claims.Select(c => new Delivery(c.Message.Id, DeliveryOutcome.NotSent, null, ex.Message))], CancellationToken.None);
                throw;
            }

            // Written even while the caller is stopping: what the provider accepted must be on record.
            var byId = deliveries.ToDictionary(d => d.EmailId, StringComparer.Ordinal);
            var outcomes = claims.Select(c => byId.GetValueOrDefault(c.Message.Id) ?? new Delivery(c.Message.Id, DeliveryOutcome.NotSent, null, "the transport gave no answer")).ToList();
            await RecordAsync(claims, outcomes, CancellationToken.None);
            telemetry?.EmailsDelivered(outcomes.Count(d => d.Sent), outcomes.Count(d => d.Outcome == DeliveryOutcome.Refused));
            sent += outcomes.Count(d => d.Sent);
            notSent ??= outcomes.FirstOrDefault(d => d.Outcome == DeliveryOutcome.NotSent)?.Error;
        }

        if (notSent is not null)
        {
            throw new EmailDeliveryException(notSent);
        }

        if (busyUntil is { } until)
        {
            throw new EmailBusyException(until - time.GetUtcNow());
        }

        return sent;
    }

    /// <summary>Every outbox row of a cycle (status, attempts, recipients).</summary>
    public async Task<IReadOnlyList<TableEntity>> ListAsync(string cycleId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _outbox.QueryAsync<TableEntity>(r => r.PartitionKey == cycleId, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The outbox rows of one unit's emails (row keys start with "cycle~unit~").</summary>
    public async Task<IReadOnlyList<TableEntity>> ListForUnitAsync(string cycleId, string unitId, CancellationToken cancellationToken)
    {
        var prefix = RowKey($"{cycleId}/{unitId}/");
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {cycleId} and RowKey ge {prefix} and RowKey lt {prefix + "\uffff"}");
        await foreach (var row in _outbox.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static string RowKey(string id) => id.Replace('/', '~').Replace('\\', '~').Replace('#', '~').Replace('?', '~');

    /// <summary>A claimed row: the message, the row as this delivery wrote it, and the ETag that proves the claim is still ours.</summary>
    private sealed class Claim(EmailMessage message, TableEntity row, ETag etag)
    {
        public EmailMessage Message { get; } = message;
        public TableEntity Row { get; } = row;
        public ETag ETag { get; set; } = etag;
    }

    /// <summary>
    /// Claims the chunk's rows: all in one transaction when none exists yet (the usual case), else one by
    /// one. Rows sent or failed for good are skipped; a live lease of another owner is busy (the latest
    /// such lease end is returned).
    /// </summary>
    private async Task<(List<Claim> Claims, DateTimeOffset? BusyUntil)> ClaimAsync(string cycleId, EmailMessage[] chunk, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = chunk.Select(m => NewClaim(cycleId, m, owner, now)).ToList();
        try
        {
            var responses = (await _outbox.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), cancellationToken)).Value;
            return ([.. chunk.Select((m, i) => new Claim(m, rows[i], responses[i].Headers.ETag ?? throw new InvalidOperationException("The table service gave no ETag.")))], null);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
        }

        var claims = new List<Claim>();
        DateTimeOffset? busyUntil = null;
        for (var i = 0; i < chunk.Length; i++)
        {
            var (claim, busy) = await ClaimOneAsync(chunk[i], rows[i], now, cancellationToken);
            if (claim is not null)
            {
                claims.Add(claim);
            }

            busyUntil = Later(busyUntil, busy);
        }

        return (claims, busyUntil);
    }

    private async Task<(Claim? Claim, DateTimeOffset? BusyUntil)> ClaimOneAsync(EmailMessage message, TableEntity row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return (new Claim(message, row, (await _outbox.AddEntityAsync(row, cancellationToken)).Headers.ETag ?? ETag.All), null);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }

        var existing = (await _outbox.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)).Value;
        if (existing.GetString("Status") is "sent" or "failed")
        {
            return (null, null);
        }

        if (existing.GetString("Status") == "sending" && LeaseEnd(existing) is { } leaseEnd && leaseEnd > now)
        {
            return (null, leaseEnd);
        }

        // Released for a retry, or its holder stopped renewing (it died): take it over, if nobody did first.
        row["Attempts"] = (existing.GetInt32("Attempts") ?? 0) + 1;
        try
        {
            return (new Claim(message, row, (await _outbox.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag ?? ETag.All), null);
        }
        catch (RequestFailedException lost) when (lost.Status == 412)
        {
            return (null, now + Lease);
        }
    }

    /// <summary>Rows written before leases existed end their claim <see cref="Lease"/> after it was made.</summary>
    private static DateTimeOffset? LeaseEnd(TableEntity row) => row.GetDateTimeOffset("LeaseUntil") ?? row.GetDateTimeOffset("ClaimedAt") + Lease;

    private static TableEntity NewClaim(string cycleId, EmailMessage message, string owner, DateTimeOffset now) => new(cycleId, RowKey(message.Id))
    {
        ["Kind"] = message.Kind,
        // Shown to admins; bounded so no message can exceed a table property.
        ["To"] = Bounded(string.Join(";", message.To), 2000),
        ["Subject"] = Bounded(message.Subject, 1000),
        ["Status"] = "sending",
        ["ClaimedAt"] = now,
        ["ClaimedBy"] = owner,
        ["LeaseUntil"] = now + Lease,
        ["Attempts"] = 1,
    };

    /// <summary>
    /// Sent with the provider's message id, failed for good with its reason (shown to admins), or released
    /// for the next delivery. Each write is conditional on this delivery's claim.
    /// </summary>
    private async Task RecordAsync(List<Claim> claims, List<Delivery> outcomes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        for (var i = 0; i < claims.Count; i++)
        {
            var (row, delivery) = (claims[i].Row, outcomes[i]);
            row["Status"] = delivery.Outcome switch { DeliveryOutcome.Sent => "sent", DeliveryOutcome.Refused => "failed", _ => "pending" };
            row["ProviderMessageId"] = delivery.ProviderMessageId;
            row["LastError"] = delivery.Error;
            row["SentAt"] = delivery.Sent ? now : null;
            row["LeaseUntil"] = null;
        }

        try
        {
            await _outbox.SubmitTransactionAsync(claims.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateReplace, c.Row, c.ETag)), cancellationToken);
            return;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            // Some claim was taken over (its lease ran out): record the others, then look at those.
        }

        for (var i = 0; i < claims.Count; i++)
        {
            try
            {
                await _outbox.UpdateEntityAsync(claims[i].Row, claims[i].ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                await OvertakenAsync(claims[i], outcomes[i], cancellationToken);
            }
        }
    }

    /// <summary>
    /// Another delivery took over this claim after its lease ran out. If we sent the email, the row must
    /// say so now (whatever the other delivery does, there will be no third send); otherwise it is theirs.
    /// </summary>
    private async Task OvertakenAsync(Claim claim, Delivery delivery, CancellationToken cancellationToken)
    {
        var stored = (await _outbox.GetEntityAsync<TableEntity>(claim.Row.PartitionKey, claim.Row.RowKey, cancellationToken: cancellationToken)).Value;
        if (logger is not null)
        {
            LogOvertaken(logger, claim.Message.Id, delivery.Outcome);
        }

        if (delivery.Sent && stored.GetString("Status") is not ("sent" or "failed"))
        {
            await _outbox.UpdateEntityAsync(claim.Row, stored.ETag, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Renews a delivery's claims every <see cref="LeaseRenewal"/> until disposed, so a slow provider never lets them lapse.</summary>
    private sealed class LeaseKeeper : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public LeaseKeeper(TableClient outbox, TimeProvider time, List<Claim> claims) => _loop = RenewAsync(outbox, time, claims, _stop.Token);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private static async Task RenewAsync(TableClient outbox, TimeProvider time, List<Claim> claims, CancellationToken stop)
        {
            while (true)
            {
                await Task.Delay(LeaseRenewal, time, stop);
                var until = time.GetUtcNow() + Lease;
                foreach (var claim in claims)
                {
                    claim.Row["LeaseUntil"] = until;
                    try
                    {
                        var renewal = new TableEntity(claim.Row.PartitionKey, claim.Row.RowKey) { ["LeaseUntil"] = until };
                        claim.ETag = (await outbox.UpdateEntityAsync(renewal, claim.ETag, TableUpdateMode.Merge, stop)).Headers.ETag ?? claim.ETag;
                    }
                    catch (RequestFailedException ex) when (ex.Status == 412)
                    {
                        // Taken over: recording will find out and act on it.
                    }
                }
            }
        }
    }

    private static string Bounded(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox claim on email {EmailId} was taken over while it was being sent ({Outcome}); it may have been sent twice")]
    private static partial void LogOvertaken(ILogger logger, string emailId, DeliveryOutcome outcome);
}

/// <summary>Another delivery holds a live claim on some of the emails; the work item runs again after <see cref="RetryAfter"/>.</summary>
public sealed class EmailBusyException(TimeSpan retryAfter) : Exception("Another delivery is sending some of these emails.")
{
    public TimeSpan RetryAfter { get; } = retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.Zero;
}

/// <summary>The provider failed for now; what it accepted is recorded and the rest is retried with the work item.</summary>
public sealed class EmailDeliveryException(string error) : Exception($"The email provider failed for now: {error}");
