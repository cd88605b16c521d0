using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ItEval.Storage;

/// <summary>
/// ASP.NET Core's data-protection keys (they sign sign-in cookies and anti-forgery tokens) kept in the
/// app's storage account, one blob per key, so every instance — several on App Service, on an agency's
/// servers, or the next one after a restart — accepts what another issued. Without this each instance
/// would keep its own keys and a person would be signed out, or a form refused, whenever a request
/// reached another instance.
/// </summary>
public sealed class BlobKeyRepository(BlobContainerClient container) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var keys = new List<XElement>();
        try
        {
            foreach (var blob in container.GetBlobs(BlobTraits.None, BlobStates.None, prefix: null, CancellationToken.None))
            {
                using var content = container.GetBlobClient(blob.Name).DownloadStreaming().Value.Content;
                keys.Add(XElement.Load(content));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No key yet (the bootstrap may not have created the container): the key manager creates one.
        }

        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        container.CreateIfNotExists();
        using var content = new MemoryStream();
        element.Save(content, SaveOptions.DisableFormatting);
        content.Position = 0;
        // Create-only: a key, once written, never changes (a new key gets a new name).
        container.GetBlobClient($"{friendlyName}.xml").Upload(content, new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        });
    }
}

public static class DataProtectionStorage
{
    /// <summary>One application name whatever the install folder, so instances in different folders share keys.</summary>
    public const string ApplicationName = "ItEval";

    public static IServiceCollection AddItEvalDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<BlobServiceClient, StorageNames>((options, blobs, names) =>
                options.XmlRepository = new BlobKeyRepository(blobs.GetBlobContainerClient(names.KeysContainer)));
        return services;
    }
}
