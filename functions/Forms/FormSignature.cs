using System.Security.Cryptography;
using System.Text;

namespace ItEval.Forms;

/// <summary>The identity hidden in a form: which form, cycle, unit and rubric version it was made for.</summary>
public sealed record FormMetadata(string FormId, string CycleId, string UnitId, string RubricId, int RubricVersion)
{
    public static FormMetadata Of(FormContext context) =>
        new(context.FormId, context.CycleId, context.UnitId, context.Rubric.Id, context.Rubric.Version);

    /// <summary>What the HMAC covers: every field, newline-separated, with a purpose label so the key signs nothing else by accident.</summary>
    public string Canonical => string.Join('\n', "iteval-form-v1", FormId, CycleId, UnitId, RubricId, RubricVersion);
}

/// <summary>Signs form metadata with HMAC-SHA256 under the app's key, and checks it in constant time.</summary>
public sealed class FormSignature
{
    private readonly byte[] _key;

    public FormSignature(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The form signing key must be at least 32 bytes (set Forms__SigningKey to 32+ random bytes in base64).", nameof(key));
        }

        _key = key;
    }

    public static FormSignature FromBase64(string key)
    {
        try
        {
            return new FormSignature(Convert.FromBase64String(key));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("Forms__SigningKey is not valid base64: set it to 32+ random bytes in base64.", nameof(key), ex);
        }
    }

    public string Sign(FormMetadata metadata) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(metadata.Canonical)));

    public bool IsValid(FormMetadata metadata, string signature)
    {
        Span<byte> given = stackalloc byte[64];
        return Convert.TryFromBase64String(signature, given, out var length)
            && CryptographicOperations.FixedTimeEquals(given[..length], HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(metadata.Canonical)));
    }
}
