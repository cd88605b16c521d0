namespace ItEval.Cycle;

public enum RefusalKind
{
    /// <summary>The cycle does not exist (404).</summary>
    NotFound,

    /// <summary>Not allowed in the current phase (409, phase named).</summary>
    WrongPhase,

    /// <summary>The request itself is wrong (400/422).</summary>
    Invalid,

    /// <summary>Conflicts with what exists (409).</summary>
    Conflict,

    /// <summary>This person may not do it (403): e.g. an appraiser who is not on the unit's visit.</summary>
    Forbidden,
}

/// <summary>Why a command was refused, for a person: Vietnamese first, English alongside.</summary>
public sealed record Refusal(RefusalKind Kind, string Vi, string En);

/// <summary>The outcome of a command: the events it causes (none when it changes nothing) or a refusal.</summary>
public sealed record Decision(IReadOnlyList<CycleEvent> Events, Refusal? Refusal = null)
{
    public static readonly Decision Nothing = new([]);

    public bool Refused => Refusal is not null;

    public static Decision Of(params CycleEvent[] events) => new(events);

    public static Decision Refuse(RefusalKind kind, string vi, string en) => new([], new Refusal(kind, vi, en));
}
