using System.Security.Cryptography;
using System.Text;

namespace ItEval.Rubrics;

/// <summary>
/// The frozen copy of a rubric that a cycle keeps from its start: canonical JSON plus its SHA-256.
/// Editing the rubric file later changes nothing for a cycle that holds a snapshot, and the hash shows
/// on exports which exact rubric a ranking used.
/// </summary>
public sealed record RubricSnapshot(string Json, string Sha256)
{
    public static RubricSnapshot Of(Rubric rubric)
    {
        var json = RubricWriter.Write(rubric, indented: false);
        return new RubricSnapshot(json, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))));
    }

    /// <summary>The rubric as it was frozen; refuses a snapshot whose content no longer matches its hash.</summary>
    public Rubric Restore()
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Json)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(actual), Encoding.ASCII.GetBytes(Sha256)))
        {
            throw new InvalidDataException("The frozen rubric does not match its hash: it was altered after the cycle started.");
        }

        return RubricReader.Read(Json);
    }
}
