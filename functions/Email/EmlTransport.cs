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
            await _mail.GetBlobClient($"{cycleId}/{OutboxMailer.RowKey(message.Id)}.eml").UploadAsync(BinaryData.FromString(EmlWriter.Write(message.Resolve(), time.GetUtcNow())), overwrite: true, token));
        return [.. messages.Select(m => Delivery.Accepted(m.Id, $"eml:{OutboxMailer.RowKey(m.Id)}"))];
    }
}
