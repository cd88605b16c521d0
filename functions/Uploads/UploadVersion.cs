using ItEval.Forms;

namespace ItEval.Uploads;

public static class UploadKinds
{
    public const string Form = "form";
    public const string Evidence = "evidence";
    public const string Complaint = "complaint";
}

/// <summary>
/// One uploaded file, as the unit sent it: kept for good under <see cref="BlobName"/> (never
/// overwritten), with its size and SHA-256, and whether it was accepted (forms) and why not.
/// </summary>
public sealed record UploadVersion(
    string Id,
    string Kind,
    DateTimeOffset At,
    string FileName,
    long Size,
    string Sha256,
    string Container,
    string BlobName,
    bool Accepted,
    bool Late,
    string? CriterionCode,
    IReadOnlyList<FormProblem> Problems);

/// <summary>What happened to an upload: the stored version, or why nothing was stored.</summary>
public sealed record UploadOutcome(UploadVersion? Version, bool Current, IReadOnlyList<FormProblem> Problems, int Status)
{
    public static UploadOutcome Refused(int status, string vi, string en, Where? where = null) => new(null, false, [(where ?? Where.File).Problem(vi, en)], status);
}
