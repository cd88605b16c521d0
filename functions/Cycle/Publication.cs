namespace ItEval.Cycle;

/// <summary>
/// One published edition of the results: when and by whom, the SHA-256 of its content (null in
/// histories from before editions carried one), the units whose result changed (editions after the
/// first) and its official documents once stored. <see cref="Basis"/>: the cycle version whose scores it
/// ranked (the state to read an edition's criteria from when scores changed since).
/// </summary>
public sealed record Edition(int Number, DateTimeOffset PublishedAt, string By, string? Sha256, IReadOnlyList<string>? ChangedUnitIds)
{
    public IReadOnlyList<ExportFile> Files { get; set; } = [];

    public long? Basis { get; init; }

    /// <summary>The document header its official documents carry (null in histories from before headers were part of the cycle).</summary>
    public DocumentHeader? Header { get; init; }

    /// <summary>Why this edition corrects the documents of the one before (đính chính); null for an ordinary edition.</summary>
    public string? Correction { get; init; }
}

/// <summary>Where a complaint (kiến nghị) stands.</summary>
public enum ComplaintStatus
{
    /// <summary>Waiting for the admin's decision.</summary>
    Filed,

    /// <summary>Accepted: its criteria are to be appraised again.</summary>
    Accepted,

    /// <summary>Rejected, with a reason the unit received.</summary>
    Rejected,

    /// <summary>Accepted and appraised again; the next edition carries the outcome.</summary>
    Reappraised,
}

/// <summary>A unit's complaint about named criteria of its published result.</summary>
public sealed class Complaint(string id, string unitId, IReadOnlyList<string> criterionCodes, string reason, IReadOnlyList<string> files, DateTimeOffset filedAt)
{
    public string Id { get; } = id;
    public string UnitId { get; } = unitId;
    public IReadOnlyList<string> CriterionCodes { get; } = criterionCodes;
    public string Reason { get; } = reason;
    public IReadOnlyList<string> Files { get; } = files;
    public DateTimeOffset FiledAt { get; } = filedAt;
    public ComplaintStatus Status { get; set; } = ComplaintStatus.Filed;
    public string? Decision { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}
