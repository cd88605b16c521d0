namespace ItEval.Forms;

/// <summary>Settings section <c>Forms</c>.</summary>
public sealed class FormOptions
{
    public const string Section = "Forms";

    /// <summary>Base64 key (≥ 32 bytes) that signs the metadata hidden in each form. From Key Vault in Azure.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Largest upload accepted, in bytes (a filled form is about 15 KB).</summary>
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Largest total size of the files inside an .xlsx once unpacked (guards against zip bombs).</summary>
    public long MaxUnpackedBytes { get; set; } = 30 * 1024 * 1024;

    /// <summary>Most files inside an .xlsx package.</summary>
    public int MaxPackageEntries { get; set; } = 200;
}
