namespace ItEval.Uploads;

/// <summary>Settings section <c>Uploads</c>: limits on what units upload through their link.</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>One evidence file (minh chứng) at most this large.</summary>
    public long MaxEvidenceBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Evidence files a unit may keep in one cycle.</summary>
    public int MaxEvidenceFiles { get; set; } = 100;

    /// <summary>Versions of the form (accepted or refused) a unit may send in one cycle.</summary>
    public int MaxFormVersions { get; set; } = 50;

    /// <summary>An Office or OpenDocument evidence file at most this large once unpacked (zip-bomb guard).</summary>
    public long MaxEvidenceUnpackedBytes { get; set; } = 200 * 1024 * 1024;

    /// <summary>Bytes one unit may keep in one cycle (forms, refused ones too, evidence, complaint files).</summary>
    public long MaxBytesPerUnit { get; set; } = 500L * 1024 * 1024;

    /// <summary>Bytes all units of one cycle may keep together.</summary>
    public long MaxBytesPerCycle { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>Most files inside an Office or OpenDocument evidence package.</summary>
    public int MaxEvidencePackageEntries { get; set; } = 2000;
}
