using System.ComponentModel.DataAnnotations;

namespace ItEval.Storage;

/// <summary>Settings section <c>Storage</c>. The account itself comes from <c>AzureWebJobsStorage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Starts every table, container and queue name, so several apps (or tests) can share an account.</summary>
    [RegularExpression("^[a-z][a-z0-9]{1,19}$", ErrorMessage = "Storage:Prefix must be 2-20 lowercase letters or digits, starting with a letter.")]
    public string Prefix { get; set; } = "iteval";

    /// <summary>How long one storage request may take before it is retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a failed storage request (exponential backoff).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Upper bound for the whole health check, so a storage outage answers 503 rather than hanging.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
