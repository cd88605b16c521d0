namespace ItEval.Links;

/// <summary>Settings section <c>Links</c>.</summary>
public sealed class UnitLinkOptions
{
    public const string Section = "Links";

    /// <summary>Base64 key (≥ 32 bytes) that signs unit links. From Key Vault in Azure.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// The key used before the last rotation. Links it signed still open the page until
    /// <see cref="PreviousKeyValidUntil"/>, so rotating the key does not break the emails units already have.
    /// </summary>
    public string? PreviousSigningKey { get; set; }

    public DateTimeOffset? PreviousKeyValidUntil { get; set; }

    /// <summary>
    /// Where the app is reached by units, e.g. https://iteval.example.gov.vn. Unset: this machine on the
    /// port the app listens on (<c>Hosting__Port</c>), so emailed links work locally on any port.
    /// </summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Refused link attempts allowed per client address in <see cref="RefusalWindow"/> before answering 429.</summary>
    public int MaxRefusalsPerClient { get; set; } = 20;

    public TimeSpan RefusalWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Take the client address from the first X-Forwarded-For entry. Unset: yes behind the Functions
    /// host, no standalone; set it when a reverse proxy fronts a standalone install, or every unit
    /// would share the proxy's refusal counter.
    /// </summary>
    public bool? TrustForwardedFor { get; set; }
}
