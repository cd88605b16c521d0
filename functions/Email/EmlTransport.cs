namespace ItEval.Email;

/// <summary>The local default when no SendGrid key is set: every message as .eml in the local mailbox (see /dev/mail), one blob per batch.</summary>
public sealed class EmlTransport(LocalMailbox mailbox, TimeProvider time) : IEmailTransport
{
    public async Task<IReadOnlyList<Delivery>> DeliverAsync(string cycleId, IReadOnlyList<EmailMessage> messages, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var mails = messages.Select(message =>
        {
            var resolved = message.Resolve();
            return new LocalMail($"{cycleId}/{OutboxMailer.RowKey(message.Id)}.eml", now, string.Join(", ", resolved.To), resolved.Subject,
                [.. (resolved.Attachments ?? []).Select(a => a.FileName)], EmlWriter.Write(resolved, now));
        }).ToList();
        await mailbox.WriteAsync(cycleId, mails, cancellationToken);
        return [.. messages.Select(m => Delivery.Accepted(m.Id, $"eml:{OutboxMailer.RowKey(m.Id)}"))];
    }
}
