using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ItEval.Storage;

namespace ItEval.Email;

/// <summary>One email kept locally: its name in the mailbox (<c>{cycle}/{outbox row key}.eml</c>) and the message as .eml.</summary>
public sealed record LocalMail(string Name, DateTimeOffset At, string To, string Subject, IReadOnlyList<string> Attachments, string Eml);

/// <summary>
/// The local mailbox (no SendGrid key): the emails of one delivery batch are written as one blob, not one
/// blob per email, so a 10,000-unit announcement costs about 100 writes rather than 10,000. /dev/mail
/// still lists and shows each email. Every write appends a new blob: a batch sent twice shows twice,
/// as a real inbox would receive it twice, so a duplicate send is visible here too.
/// </summary>
public sealed class LocalMailbox(BlobServiceClient blobs, StorageNames names)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BlobContainerClient _mail = blobs.GetBlobContainerClient(names.MailContainer);

    /// <summary>Appends a batch; the same batch written again (a retried delivery) is kept beside the first.</summary>
    public async Task WriteAsync(string cycleId, IReadOnlyList<LocalMail> mails, CancellationToken cancellationToken)
    {
        if (mails.Count == 0)
        {
            return;
        }

        var first = mails[0].Name[(cycleId.Length + 1)..^".eml".Length];
        var send = $"{DateTimeOffset.UtcNow.UtcTicks:D19}-{Guid.NewGuid():N}"[..28];
        await _mail.GetBlobClient($"{cycleId}/{first}+{mails.Count}.{send}.json").UploadAsync(BinaryData.FromObjectAsJson(mails, Json), overwrite: false, cancellationToken);
    }

    /// <summary>Every email kept under <paramref name="prefix"/> (a cycle id and "/", or "" for all), newest batch first.</summary>
    public async IAsyncEnumerable<LocalMail> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batches = new List<(string Name, DateTimeOffset At)>();
        await foreach (var blob in _mail.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            batches.Add((blob.Name, blob.Properties.CreatedOn ?? DateTimeOffset.MinValue));
        }

        // Every send is listed, a repeated one too (that is what the mailbox is for); the newest first.
        foreach (var (name, _) in batches.OrderByDescending(b => b.At).ThenByDescending(b => b.Name, StringComparer.Ordinal))
        {
            IReadOnlyList<LocalMail>? mails;
            try
            {
                mails = (await _mail.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content.ToObjectFromJson<List<LocalMail>>(Json);
            }
            catch (Exception ex) when (ex is JsonException or RequestFailedException)
            {
                // Not a batch of this app (or gone meanwhile): the mailbox shows what it can read.
                continue;
            }

            foreach (var mail in mails ?? [])
            {
                yield return mail;
            }
        }
    }

    /// <summary>One email by its name, or null.</summary>
    public async Task<LocalMail?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        await foreach (var mail in ListAsync(slash > 0 ? name[..(slash + 1)] : "", cancellationToken))
        {
            if (mail.Name == name)
            {
                return mail;
            }
        }

        return null;
    }
}
