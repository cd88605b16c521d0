using Azure.Storage.Blobs;
using ItEval.Storage;

namespace ItEval.Email;

/// <summary>The local default when no SendGrid key is set: every message is an .eml file in the mail container (see /dev/mail).</summary>
public sealed class EmlTransport(BlobServiceClient blobs, StorageNames names, TimeProvider time) : IEmailTransport
{
    private readonly BlobContainerClient _mail = blobs.GetBlobContainerClient(names.MailContainer);

    public async Task<IReadOnlyList<Delivery>> DeliverAsync(string cycleId, IReadOnlyList<EmailMessage> messages, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (message, token) =>
        {
            var resolved = message.Resolve();
            await _mail.GetBlobClient($"{cycleId}/{OutboxMailer.RowKey(message.Id)}.eml").UploadAsync(BinaryData.FromString(EmlWriter.Write(resolved, time.GetUtcNow())),
                new Azure.Storage.Blobs.Models.BlobUploadOptions
                {
                    // The mailbox lists subjects and attachments without opening every message (metadata is ASCII: escaped).
                    Metadata = new Dictionary<string, string>
                    {
                        ["subject"] = Uri.EscapeDataString(resolved.Subject.Length > 500 ? resolved.Subject[..500] : resolved.Subject),
                        ["to"] = Uri.EscapeDataString(string.Join(", ", resolved.To)),
                        ["attachments"] = Uri.EscapeDataString(string.Join(", ", (resolved.Attachments ?? []).Select(a => a.FileName))),
                    },
                }, token);
        });
        return [.. messages.Select(m => Delivery.Accepted(m.Id, $"eml:{OutboxMailer.RowKey(m.Id)}"))];
    }
}
