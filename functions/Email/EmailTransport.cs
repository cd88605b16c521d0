namespace ItEval.Email;

/// <summary>What happened to one message at the provider.</summary>
public sealed record Delivery(string EmailId, bool Sent, string? ProviderMessageId, string? PermanentError);

/// <summary>
/// Hands messages to a provider. Throws for temporary failures (the work item retries later);
/// returns permanent refusals per message so the outbox records them and the admin sees them.
/// </summary>
public interface IEmailTransport
{
    Task<IReadOnlyList<Delivery>> DeliverAsync(string cycleId, IReadOnlyList<EmailMessage> messages, CancellationToken cancellationToken);
}
