namespace ItEval.Hosting;

/// <summary>Where a setting's value comes from when the app runs on Azure (infra/main.bicep).</summary>
public enum SettingSource
{
    /// <summary>The Bicep sets it: the app or a binding cannot work on Azure without it.</summary>
    Deployment,

    /// <summary>The Bicep sets it to a Key Vault reference; the operator stores the secret.</summary>
    KeyVault,

    /// <summary>Has a default that works, or turns on an optional feature; the operator may set it.</summary>
    Optional,

    /// <summary>Set by the Functions host when it starts the app; never set by hand.</summary>
    FunctionsHost,

    /// <summary>Read by the Functions host only (not the app); the Bicep sets it.</summary>
    Platform,

    /// <summary>Local development, tests or standalone servers only; never set on Azure.</summary>
    LocalOnly,
}

/// <summary>One setting, named as an app setting or environment variable (<c>__</c> nests a key).</summary>
public sealed record SettingEntry(string Name, SettingSource Source);

/// <summary>
/// Every setting the app and its function bindings read, and where each comes from on Azure. A test
/// compares it with the options classes, the keys read in code, the bindings, the README and the
/// settings the Bicep produces, so a new setting cannot be forgotten in any of them.
/// </summary>
public static class SettingsCatalogue
{
    /// <summary>A name ending in this is a list (<c>Auth__Keys__0__Name</c>…): the entry covers every element.</summary>
    public const string ListMarker = "__N";

    public static IReadOnlyList<SettingEntry> All { get; } =
    [
        // The Functions host and the storage account.
        new("FUNCTIONS_EXTENSION_VERSION", SettingSource.Platform),
        new("FUNCTIONS_WORKER_RUNTIME", SettingSource.Platform),
        new("WEBSITE_RUN_FROM_PACKAGE", SettingSource.Platform),
        new("SCM_DO_BUILD_DURING_DEPLOYMENT", SettingSource.Platform),
        new("Functions__Worker__HostEndpoint", SettingSource.FunctionsHost),
        new("AzureWebJobsStorage", SettingSource.Optional),
        new("AzureWebJobsStorage__accountName", SettingSource.Deployment),
        new("AzureWebJobsStorage__blobServiceUri", SettingSource.Optional),
        new("AzureWebJobsStorage__queueServiceUri", SettingSource.Optional),
        new("AzureWebJobsStorage__tableServiceUri", SettingSource.Optional),
        new("AzureWebJobsStorage__clientId", SettingSource.Optional),
        new("APPLICATIONINSIGHTS_CONNECTION_STRING", SettingSource.Deployment),
        new("Storage__Prefix", SettingSource.Deployment),
        new("Storage__RequestTimeout", SettingSource.Optional),
        new("Storage__MaxRetries", SettingSource.Optional),
        new("Storage__HealthTimeout", SettingSource.Optional),

        // Hosting conveniences for a developer's machine and standalone servers.
        new("Hosting__Mode", SettingSource.LocalOnly),
        new("Hosting__Port", SettingSource.LocalOnly),
        new("Hosting__DetailedErrors", SettingSource.LocalOnly),
        new("Hosting__TrustedProxies", SettingSource.Optional),
        new("Hosting__HttpsRedirect", SettingSource.Optional),
        new("Email__DevMailbox", SettingSource.LocalOnly),

        // Keys and links.
        new("Forms__SigningKey", SettingSource.KeyVault),
        new("Forms__MaxFileBytes", SettingSource.Optional),
        new("Forms__MaxUnpackedBytes", SettingSource.Optional),
        new("Forms__MaxPackageEntries", SettingSource.Optional),
        new("Links__SigningKey", SettingSource.KeyVault),
        new("Links__PreviousSigningKey", SettingSource.Optional),
        new("Links__PreviousKeyValidUntil", SettingSource.Optional),
        new("Links__BaseUrl", SettingSource.Deployment),
        new("Links__MaxRefusalsPerClient", SettingSource.Optional),
        new("Links__RefusalWindow", SettingSource.Optional),
        new("Links__TrustForwardedFor", SettingSource.Optional),

        // Uploads and visits.
        new("Uploads__MaxEvidenceBytes", SettingSource.Optional),
        new("Uploads__MaxBytesPerUnit", SettingSource.Optional),
        new("Uploads__MaxBytesPerCycle", SettingSource.Optional),
        new("Uploads__MaxEvidenceFiles", SettingSource.Optional),
        new("Uploads__MaxFormVersions", SettingSource.Optional),
        new("Uploads__MaxEvidenceUnpackedBytes", SettingSource.Optional),
        new("Uploads__MaxEvidencePackageEntries", SettingSource.Optional),
        new("Visits__Slots", SettingSource.Optional),
        new("Visits__Duration", SettingSource.Optional),

        // People.
        new("Accounts__FirstAdminUserName", SettingSource.Deployment),
        new("Accounts__FirstAdminPassword", SettingSource.KeyVault),
        new("Accounts__MaxFailedSignIns", SettingSource.Optional),
        new("Accounts__Lockout", SettingSource.Optional),
        new("Accounts__MinPasswordLength", SettingSource.Optional),
        new("Accounts__MaxFailedSignInsPerClient", SettingSource.Optional),
        new("Accounts__ClientWindow", SettingSource.Optional),
        new("Auth__Keys" + ListMarker, SettingSource.Optional),
        new("Auth__AppServiceAuthentication", SettingSource.Optional),
        new("Auth__Oidc__Authority", SettingSource.Optional),
        new("Auth__Oidc__ClientId", SettingSource.Optional),
        new("Auth__Oidc__ClientSecret", SettingSource.Optional),
        new("Auth__Oidc__DisplayName", SettingSource.Optional),
        new("Auth__RoleClaim", SettingSource.Optional),
        new("Auth__AdminRoleValues", SettingSource.Optional),
        new("Auth__AppraiserRoleValues", SettingSource.Optional),

        // Email and cycles.
        new("SendGrid__ApiKey", SettingSource.KeyVault),
        new("SendGrid__WebhookPublicKey", SettingSource.KeyVault),
        new("SendGrid__FromEmail", SettingSource.Deployment),
        new("SendGrid__FromName", SettingSource.Deployment),
        new("SendGrid__Host", SettingSource.Optional),
        new("SendGrid__MaxAttempts", SettingSource.Optional),
        new("Cycles__TimeZone", SettingSource.Deployment),
        new("Cycles__YearlyDraftCron", SettingSource.Optional),
        new("Cycles__MaxCachedCycles", SettingSource.Optional),
        new("Cycles__SnapshotEvery", SettingSource.Optional),

        // The process: the task hub (host.json names it on Azure) and how orchestrations pace themselves.
        new("Durable__TaskHub", SettingSource.Deployment),
        new("Durable__RunWorker", SettingSource.LocalOnly),
        new("Durable__PartitionCount", SettingSource.LocalOnly),
        new("Durable__MaxQueuePollingInterval", SettingSource.LocalOnly),
        new("Durable__WorkItemVisibility", SettingSource.LocalOnly),
        new("Durable__ControlQueueVisibility", SettingSource.LocalOnly),
        new("Durable__LeaseInterval", SettingSource.LocalOnly),
        new("Durable__LeaseRenewInterval", SettingSource.LocalOnly),
        new("Durable__LeaseAcquireInterval", SettingSource.LocalOnly),
        new("Durable__MaxConcurrentActivities", SettingSource.LocalOnly),
        new("Durable__MaxConcurrentOrchestrations", SettingSource.LocalOnly),
        new("Process__Heartbeat", SettingSource.Optional),
        new("Process__RetryDelay", SettingSource.Optional),
        new("Process__MaxAttempts", SettingSource.Optional),
        new("Process__ItemsPerActivity", SettingSource.Optional),
        new("Process__MaxEventsPerLook", SettingSource.Optional),
        new("Process__GuardInterval", SettingSource.LocalOnly),
    ];

    /// <summary>The entry for a setting name (list elements match their list's entry), or null.</summary>
    public static SettingEntry? Find(string name)
    {
        foreach (var entry in All)
        {
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }

            if (entry.Name.EndsWith(ListMarker, StringComparison.Ordinal)
                && name.StartsWith(entry.Name[..^ListMarker.Length] + "__", StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }

        return null;
    }
}
