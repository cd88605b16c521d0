namespace ItEval.Email;

/// <summary>What the provider did with one message.</summary>
public enum DeliveryOutcome
{
    /// <summary>The provider accepted it: never hand it over again.</summary>
    Sent,

    /// <summary>The provider refused it for good (e.g. an invalid address); recorded for the admin.</summary>
    Refused,

    /// <summary>Not handed over, or the provider failed for now: the work item retries it later.</summary>
    NotSent,
}

/// <summary>What happened to one message at the provider.</summary>
public sealed record Delivery(string EmailId, DeliveryOutcome Outcome, string? ProviderMessageId, string? Error)
{
    public bool Sent => Outcome == DeliveryOutcome.Sent;

    public static Delivery Accepted(string emailId, string? providerMessageId) => new(emailId, DeliveryOutcome.Sent, providerMessageId, null);
}

/// <summary>
/// Hands messages to a provider and answers one <see cref="Delivery"/> per message, in any order.
/// A temporary failure part-way through a batch must not hide what the provider already accepted:
/// those are <see cref="DeliveryOutcome.Sent"/>, the rest <see cref="DeliveryOutcome.NotSent"/>, so the
/// outbox records the first and retries only the second.
/// </summary>
public interface IEmailTransport
{
    Task<IReadOnlyList<Delivery>> DeliverAsync(string cycleId, IReadOnlyList<EmailMessage> messages, CancellationToken cancellationToken);
}
