using System.Globalization;
using System.Net;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace ItEval.Email;

/// <summary>Settings section <c>SendGrid</c>.</summary>
public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    /// <summary>API key (Key Vault in Azure). Empty: emails are written locally as .eml files instead.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The API's address; tests point it at a local server.</summary>
    public string Host { get; set; } = "https://api.sendgrid.com";

    public string FromEmail { get; set; } = "no-reply@iteval.local";

    public string FromName { get; set; } = "ItEval";

    /// <summary>Tries per request for 429 and 5xx answers before the work item gives up (and retries later).</summary>
    public int MaxAttempts { get; set; } = 4;
}

/// <summary>
/// SendGrid v3 mail send through the official SDK. Messages with identical content (personal values
/// kept apart as substitutions) are sent in one request with one personalisation per recipient, up to
/// 1,000, each with its own substitutions, so nobody sees another's address or data.
/// 429 waits until <c>X-RateLimit-Reset</c>; 5xx backs off exponentially with jitter; other 4xx are
/// permanent and recorded per message. A request that still fails stops the batch: what was accepted
/// before it is reported sent, it and the rest not sent.
/// </summary>
public sealed class SendGridTransport(ISendGridClient client, SendGridOptions options, TimeProvider time) : IEmailTransport
{
    private const int MaxPersonalizations = 1000;

    public async Task<IReadOnlyList<Delivery>> DeliverAsync(string cycleId, IReadOnlyList<EmailMessage> messages, CancellationToken cancellationToken)
    {
        var deliveries = new List<Delivery>();
        string? stoppedBy = null;
        foreach (var batch in messages.GroupBy(m => (m.Subject, m.Text, m.Html, Attachments: Key(m.Attachments))).SelectMany(group => Batches(group.ToList())))
        {
            if (stoppedBy is not null)
            {
                deliveries.AddRange(batch.Select(m => new Delivery(m.Id, DeliveryOutcome.NotSent, null, stoppedBy)));
                continue;
            }

            try
            {
                var (status, messageId, error) = await SendAsync(Build(cycleId, batch, options), cancellationToken);
                deliveries.AddRange(batch.Select(m => status == HttpStatusCode.Accepted
                    ? Delivery.Accepted(m.Id, messageId)
                    : new Delivery(m.Id, DeliveryOutcome.Refused, null, $"SendGrid {(int)status}: {error}")));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                // Earlier batches were accepted and must be recorded as sent; this one and the rest wait
                // for the work item's next delivery (a stopped request may still have been accepted: the
                // documented duplicate window).
                stoppedBy = ex.Message;
                deliveries.AddRange(batch.Select(m => new Delivery(m.Id, DeliveryOutcome.NotSent, null, stoppedBy)));
            }
        }

        return deliveries;
    }

    /// <summary>Messages of one content, cut so no request has more than 1,000 recipients.</summary>
    private static IEnumerable<List<EmailMessage>> Batches(List<EmailMessage> messages)
    {
        var batch = new List<EmailMessage>();
        var recipients = 0;
        foreach (var message in messages)
        {
            if (recipients + message.To.Count > MaxPersonalizations && batch.Count > 0)
            {
                yield return batch;
                batch = [];
                recipients = 0;
            }

            batch.Add(message);
            recipients += message.To.Count;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static SendGridMessage Build(string cycleId, List<EmailMessage> batch, SendGridOptions options)
    {
        var first = batch[0];
        var message = new SendGridMessage
        {
            From = new EmailAddress(options.FromEmail, options.FromName),
            Subject = first.Subject,
            PlainTextContent = first.Text,
            HtmlContent = first.Html,
            Personalizations = [.. batch.SelectMany(m => m.To.Distinct(StringComparer.OrdinalIgnoreCase).Select(to => new Personalization
            {
                Tos = [new EmailAddress(to)],
                Substitutions = m.Substitutions is { Count: > 0 } values ? values.ToDictionary(v => v.Key, v => v.Value) : null,
                // Echoed in the event webhook, so a bounce finds its cycle and unit.
                CustomArgs = new Dictionary<string, string> { ["iteval_cycle"] = cycleId, ["iteval_email"] = m.Id },
            }))],
        };
        foreach (var attachment in first.Attachments ?? [])
        {
            message.AddAttachment(attachment.FileName, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(attachment.Content)), attachment.ContentType);
        }

        return message;
    }

    private async Task<(HttpStatusCode Status, string? MessageId, string? Error)> SendAsync(SendGridMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.SendEmailAsync(message, cancellationToken);
            var status = response.StatusCode;
            if (status == HttpStatusCode.Accepted || (status != HttpStatusCode.TooManyRequests && (int)status < 500))
            {
                var body = status == HttpStatusCode.Accepted ? null : await response.Body.ReadAsStringAsync(cancellationToken);
                return (status, response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null, body);
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new HttpRequestException($"SendGrid answered {(int)status} {attempt} times; the work item will retry later.", null, status);
            }

            await Task.Delay(Wait(response, attempt), time, cancellationToken);
        }
    }

    /// <summary>429: until X-RateLimit-Reset (epoch seconds); 5xx: 1, 2, 4 … s with up to 50 % jitter.</summary>
    private TimeSpan Wait(Response response, int attempt)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            // A little past the reset: timers may fire a hair early, and the reset is only to the second.
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow() + TimeSpan.FromMilliseconds(100);
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        var backoff = TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));
        return backoff + (backoff * Random.Shared.NextDouble() * 0.5);
    }

    private static string Key(IReadOnlyList<EmailAttachment>? attachments) =>
        attachments is null ? "" : string.Join("|", attachments.Select(a => a.FileName + ":" + a.Content.GetHashCode(StringComparison.Ordinal)));
}
