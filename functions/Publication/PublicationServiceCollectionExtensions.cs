using ItEval.Cycle;

namespace ItEval.Publication;

public static class PublicationServiceCollectionExtensions
{
    /// <summary>Ranking editions, their official documents and the work that makes them.</summary>
    public static IServiceCollection AddItEvalPublication(this IServiceCollection services)
    {
        services.AddSingleton<PreviousYear>();
        services.AddSingleton<ExportStore>();
        services.AddSingleton<ResultSheets>();
        services.AddSingleton<ICycleWorkHandler, RankingWork>();
        services.AddSingleton<ICycleWorkHandler, ExportWork>();
        return services;
    }
}
