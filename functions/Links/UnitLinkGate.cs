using ItEval.Cycle;

namespace ItEval.Links;

/// <summary>A unit's access through a valid link: this unit, this cycle, nothing else.</summary>
public sealed record UnitAccess(string CycleId, string UnitId, string UnitCode, LinkClaims Claims, bool OpenedBefore = true);

/// <summary>
/// Opens a unit link: the signature and expiry (<see cref="UnitLinks"/>), then what only the cycle
/// knows: that the cycle and the unit exist, the cycle was not terminated, and the link was not
/// revoked by a newer generation. A token that fails the signature never reaches storage.
/// </summary>
public sealed class UnitLinkGate(UnitLinks links, CycleEngine engine)
{
    public async Task<(UnitAccess? Access, LinkRefusal Refusal)> OpenAsync(string token, CancellationToken cancellationToken)
    {
        var (claims, refusal) = links.Verify(token, engine.Time.GetUtcNow());
        if (claims is null)
        {
            return (null, refusal);
        }

        if (claims.Purpose != UnitLinks.UploadPurpose)
        {
            return (null, LinkRefusal.WrongPurpose);
        }

        (refusal, var code, var opened) = await engine.QueryAsync(claims.CycleId, s =>
            !s.Exists ? (LinkRefusal.UnknownCycle, "", true)
            : s.Phase == CyclePhase.Terminated ? (LinkRefusal.CycleTerminated, "", true)
            : !s.Units.TryGetValue(claims.UnitId, out var unit) ? (LinkRefusal.UnknownUnit, "", true)
            : unit.LinkGeneration != claims.Generation ? (LinkRefusal.Revoked, "", true)
            : (LinkRefusal.None, unit.Info.Code, unit.LinkOpenedAt is not null), cancellationToken);
        return refusal == LinkRefusal.None ? (new UnitAccess(claims.CycleId, claims.UnitId, code, claims, opened), LinkRefusal.None) : (null, refusal);
    }
}
