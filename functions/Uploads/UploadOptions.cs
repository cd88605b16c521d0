namespace ItEval.Uploads;

/// <summary>Settings section <c>Uploads</c>: limits on what units upload through their link.</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>One evidence file (minh chứng) at most this large.</summary>
    public long MaxEvidenceBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Evidence files a unit may keep in one cycle.</summary>
    public int MaxEvidenceFiles { get; set; } = 100;
}
