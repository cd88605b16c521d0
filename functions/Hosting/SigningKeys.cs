namespace ItEval.Hosting;

/// <summary>Signing keys come from settings as base64 (Key Vault references in Azure).</summary>
public static class SigningKeys
{
    public const int MinimumBytes = 32;

    /// <summary>True when <paramref name="base64"/> decodes to at least 32 bytes.</summary>
    public static bool IsUsable(string base64)
    {
        Span<byte> bytes = stackalloc byte[512];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= MinimumBytes;
    }
}
