using Azure;
using Azure.Storage.Blobs;
using ItEval.Storage;

namespace ItEval.Forms;

/// <summary>
/// The personalised forms in the templates container, one blob per unit, cycle and rubric version,
/// written create-only: the announcement writes them, and the unit's page reads them (or writes its
/// own if the announcement has not reached that unit yet). Whoever writes first wins; both are equal.
/// </summary>
public sealed class FormTemplateStore(FormGenerator generator, BlobServiceClient blobs, StorageNames names)
{
    private readonly BlobContainerClient _templates = blobs.GetBlobContainerClient(names.TemplatesContainer);

    public static string BlobName(string cycleId, string unitId, int rubricVersion) => $"{cycleId}/{unitId}/phieu-danh-gia-v{rubricVersion}.xlsx";

    /// <summary>Generates and stores the form unless it is already there.</summary>
    public async Task CreateAsync(FormContext form, CancellationToken cancellationToken) => await TryCreateAsync(form, cancellationToken);

    /// <summary>The stored form, created now if it is not there yet.</summary>
    public async Task<byte[]> GetAsync(FormContext form, CancellationToken cancellationToken)
    {
        try
        {
            return (await Blob(form).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return await TryCreateAsync(form, cancellationToken) ?? (await Blob(form).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
    }

    /// <summary>The bytes written, or null when another writer stored the form first.</summary>
    private async Task<byte[]?> TryCreateAsync(FormContext form, CancellationToken cancellationToken)
    {
        var bytes = generator.Generate(form);
        try
        {
            await Blob(form).UploadAsync(BinaryData.FromBytes(bytes), overwrite: false, cancellationToken);
            return bytes;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    private BlobClient Blob(FormContext form) => _templates.GetBlobClient(BlobName(form.CycleId, form.UnitId, form.Rubric.Version));
}
