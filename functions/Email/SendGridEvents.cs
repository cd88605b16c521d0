using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ItEval.Cycle;

namespace ItEval.Email;

/// <summary>
/// SendGrid's event webhook: bounces (and drops of bounced addresses) are flagged on their unit, from
/// the <c>iteval_cycle</c> and <c>iteval_email</c> arguments every message carries. Requests must carry
/// SendGrid's ECDSA signature over timestamp + body, checked with <c>SendGrid__WebhookPublicKey</c>
/// (base64 DER, as SendGrid shows it); without that key the endpoint refuses everything.
/// </summary>
public static class SendGridEvents
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    public static bool IsSigned(string publicKey, string? signature, string? timestamp, byte[] body)
    {
        if (string.IsNullOrEmpty(publicKey) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return false;
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
            byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp), .. body];
            return key.VerifyData(signed, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The bounces in a webhook body, as commands for their cycles.</summary>
    public static IEnumerable<(string CycleId, RecordBounce Command)> Bounces(byte[] body)
    {
        using var events = JsonDocument.Parse(body);
        foreach (var e in events.RootElement.EnumerateArray())
        {
            string Text(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            var kind = Text("event");
            var reason = Text("reason");
            var bounced = kind == "bounce" || (kind == "dropped" && reason.Contains("Bounced", StringComparison.OrdinalIgnoreCase));
            var emailId = Text("iteval_email").Split('/');
            if (bounced && Text("iteval_cycle") is { Length: > 0 } cycle && emailId.Length == 4 && Text("email") is { Length: > 0 } address)
            {
                yield return (cycle, new RecordBounce(emailId[1], address, reason.Length > 0 ? reason : kind) { By = "sendgrid" });
            }
        }
    }
}
