using ItEval.Cycle;
using ItEval.Hosting;
using ItEval.Links;
using ItEval.Uploads;
using Microsoft.Extensions.Options;

namespace ItEval.Web.UnitPage;

/// <summary>What the unit page's handlers need, resolved once per request.</summary>
public sealed class UnitPageServices(
    UnitLinkGate gate, RefusalLimiter limiter, UnitUploads uploads, CycleEngine engine, PageRenderer renderer, ItEval.Ranking.RankedEditions editions, ItEval.Publication.ResultSheets sheets,
    HostingOptions hosting, VisitPlanChanges visitPlans, IOptions<UnitLinkOptions> linkOptions, IOptions<UploadOptions> uploadOptions, IOptions<ItEval.Scheduling.VisitHours> visitHours,
    ILogger<UnitPageServices> logger)
{
    public UnitLinkGate Gate => gate;
    public RefusalLimiter Limiter => limiter;
    public UnitUploads Uploads => uploads;
    public CycleEngine Engine => engine;
    public PageRenderer Renderer => renderer;
    public ItEval.Ranking.RankedEditions Editions => editions;
    public ItEval.Publication.ResultSheets Sheets => sheets;
    public HostingOptions Hosting => hosting;
    public VisitPlanChanges VisitPlans => visitPlans;
    public UnitLinkOptions LinkOptions => linkOptions.Value;
    public UploadOptions UploadOptions => uploadOptions.Value;
    public ItEval.Scheduling.VisitHours VisitHours => visitHours.Value;
    public ILogger Logger => logger;
}

internal static partial class UnitPageLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit link refused ({Reason}) for client {Client}, path {Path}, token fingerprint {Fingerprint}")]
    public static partial void LinkRefused(ILogger logger, LinkRefusal reason, string client, string? path, string fingerprint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed on the unit page of {Cycle}/{Unit}")]
    public static partial void StorageFailed(ILogger logger, Exception exception, string cycle, string unit);
}
