using System.Text;
using Azure;
using Azure.Data.Tables;
using ItEval.Storage;

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
/// The outbox: one Table row per email id (status sending, sent or failed; attempts; provider message
/// id; last error), checked before sending, so a redelivered work item never sends twice. Delivery is
/// SendGrid when a key is configured, else .eml files (<see cref="IEmailTransport"/>).
/// </summary>
public sealed class OutboxMailer(TableServiceClient tables, StorageNames names, TimeProvider time, IEmailTransport transport)
{
    private readonly TableClient _outbox = tables.GetTableClient(names.OutboxTable);

    /// <summary>How long a claim to send lasts before another worker may take over (the first one died).</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True if the email was sent now; false if the outbox shows it sent. The row is claimed for the work
    /// item (<paramref name="workId"/>) with an ETag-conditional write before sending, so two workers cannot
    /// both send it. A later delivery of the same work item takes over its own claim (the earlier delivery
    /// died: the queue shows a message again only then); another item's live claim makes this one retry
    /// later. Only a worker that dies after sending and before recording leaves a duplicate possible
    /// (at least once, documented).
    /// </summary>
    public async Task<bool> SendAsync(string cycleId, EmailMessage message, string workId, CancellationToken cancellationToken)
    {
        var key = RowKey(message.Id);
        var now = time.GetUtcNow();
        var row = Claim(cycleId, message, workId, now);
        ETag etag;
        try
        {
            etag = (await _outbox.AddEntityAsync(row, cancellationToken)).Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await _outbox.GetEntityAsync<TableEntity>(cycleId, key, cancellationToken: cancellationToken)).Value;
            var claimed = existing.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue;
            if (existing.GetString("Status") is "sent" or "failed")
            {
                return false;
            }

            if (existing.GetString("ClaimedBy") != workId && now - claimed < ClaimTimeout)
            {
                throw new EmailBusyException(message.Id);
            }

            row["Attempts"] = (existing.GetInt32("Attempts") ?? 0) + 1;
            try
            {
                etag = (await _outbox.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag ?? ETag.All;
            }
            catch (RequestFailedException lost) when (lost.Status == 412)
            {
                throw new EmailBusyException(message.Id);
            }
        }

        var delivery = (await transport.DeliverAsync(cycleId, [message], cancellationToken))[0];
        Record(row, delivery);
        await _outbox.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
        return delivery.Sent;
    }

    /// <summary>
    /// Sends a work item's emails with few storage calls: the claims of up to 100 rows go in one table
    /// transaction, the .eml files are written in parallel, and the rows are marked sent in one more
    /// transaction. If any row already exists (a redelivery, or another item), that chunk falls back to
    /// <see cref="SendAsync"/> one by one, which handles every case.
    /// </summary>
    public async Task SendBatchAsync(string cycleId, IReadOnlyList<EmailMessage> messages, string workId, CancellationToken cancellationToken)
    {
        foreach (var chunk in messages.DistinctBy(m => m.Id).Chunk(100))
        {
            var now = time.GetUtcNow();
            var rows = chunk.Select(m => Claim(cycleId, m, workId, now)).ToList();
            try
            {
                await _outbox.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                foreach (var message in chunk)
                {
                    await SendAsync(cycleId, message, workId, cancellationToken);
                }

                continue;
            }

            var deliveries = (await transport.DeliverAsync(cycleId, chunk, cancellationToken)).ToDictionary(d => RowKey(d.EmailId));
            foreach (var row in rows)
            {
                Record(row, deliveries[row.RowKey]);
            }

            await _outbox.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateReplace, r, ETag.All)), cancellationToken);
        }
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

    /// <summary>The outbox row of an email claimed for sending by a work item.</summary>
    private static TableEntity Claim(string cycleId, EmailMessage message, string workId, DateTimeOffset now) => new(cycleId, RowKey(message.Id))
    {
        ["Kind"] = message.Kind,
        ["To"] = string.Join(";", message.To),
        ["Subject"] = message.Subject,
        ["Status"] = "sending",
        ["ClaimedAt"] = now,
        ["ClaimedBy"] = workId,
        ["Attempts"] = 1,
    };

    public static string RowKey(string id) => id.Replace('/', '~').Replace('\\', '~').Replace('#', '~').Replace('?', '~');

    /// <summary>Sent with the provider's message id, or failed for good with the provider's reason (shown to admins).</summary>
    private void Record(TableEntity row, Delivery delivery)
    {
        row["Status"] = delivery.Sent ? "sent" : "failed";
        row["ProviderMessageId"] = delivery.ProviderMessageId;
        row["LastError"] = delivery.PermanentError;
        row["SentAt"] = delivery.Sent ? time.GetUtcNow() : null;
    }
}

/// <summary>Another worker holds a live claim on this email; the work item retries later.</summary>
public sealed class EmailBusyException(string emailId) : Exception($"Email {emailId} is being sent by another worker.");
