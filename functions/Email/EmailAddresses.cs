using System.Net.Mail;

namespace ItEval.Email;

/// <summary>
/// What may stand as an email address anywhere an address comes from people (roster, API, link
/// reissue): one plain address, no display name, nothing that could end a header line.
/// </summary>
public static class EmailAddresses
{
    public static bool IsValid(string? address) =>
        address is { Length: > 0 and <= 254 }
        && !address.Any(char.IsControl)
        && MailAddress.TryCreate(address, out var parsed)
        && string.Equals(parsed.Address, address, StringComparison.Ordinal)
        && parsed.DisplayName.Length == 0;

    /// <summary>A header value written from data: line breaks and other control characters become spaces.</summary>
    public static string HeaderSafe(string value) => string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c));
}
