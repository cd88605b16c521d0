using System.Collections.Concurrent;
using ItEval.Email;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Testing;

/// <summary>
/// Stands where the email provider is: counts every message the provider accepted, by email id (the
/// real transport behind it is the local .eml writer). Duplicate-email assertions count these deliveries, never outbox rows or
/// blob names. One log can be shared by several app instances (they share one provider). A test can
/// hold the provider (<see cref="Hold"/>) to keep a delivery in flight, or make it fail for now.
/// </summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentDictionary<string, int> _handedOver = new(StringComparer.Ordinal);

    /// <summary>Every email id the provider accepted, with how many times.</summary>
    public IReadOnlyDictionary<string, int> HandedOver => _handedOver;

    /// <summary>Email ids accepted more than once.</summary>
    public IReadOnlyList<string> Duplicates => [.. _handedOver.Where(e => e.Value > 1).Select(e => e.Key).Order(StringComparer.Ordinal)];

    public int Count(Func<string, bool> emailId) => _handedOver.Where(e => emailId(e.Key)).Sum(e => e.Value);

    /// <summary>While set, the next delivery signals <see cref="Entered"/> and waits for this task (one delivery only).</summary>
    public Task? Hold { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>While set, the provider answers every message "not sent" with this error, as an outage would.</summary>
    public string? Outage { get; set; }

    internal async Task<string?> BeforeAsync()
    {
        if (Hold is { } hold)
        {
            Hold = null;
            Entered.TrySetResult();
            await hold;
        }

        return Outage;
    }

    internal void Record(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            _handedOver.AddOrUpdate(id, 1, (_, n) => n + 1);
        }
    }
}

/// <summary>An <see cref="IEmailTransport"/> that records into a <see cref="DeliveryLog"/> and delegates to <paramref name="inner"/>.</summary>
public sealed class CountingTransport(IEmailTransport inner, DeliveryLog log) : IEmailTransport
{
    public async Task<IReadOnlyList<Delivery>> DeliverAsync(string cycleId, IReadOnlyList<EmailMessage> messages, CancellationToken cancellationToken)
    {
        if (await log.BeforeAsync() is { } outage)
        {
            return [.. messages.Select(m => new Delivery(m.Id, DeliveryOutcome.NotSent, null, outage))];
        }

        var deliveries = await inner.DeliverAsync(cycleId, messages, cancellationToken);
        log.Record(deliveries.Where(d => d.Sent).Select(d => d.EmailId));
        return deliveries;
    }

    /// <summary>Replaces the app's transport with the local .eml one, counted.</summary>
    public static void Register(IServiceCollection services, DeliveryLog log) =>
        services.AddSingleton<IEmailTransport>(sp => new CountingTransport(ActivatorUtilities.CreateInstance<EmlTransport>(sp), log));
}
