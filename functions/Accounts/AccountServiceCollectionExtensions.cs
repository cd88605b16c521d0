using ItEval.Storage;

namespace ItEval.Accounts;

public static class AccountServiceCollectionExtensions
{
    /// <summary>Local accounts: the store, sign-in and administration, and the first admin created once storage exists.</summary>
    public static IServiceCollection AddItEvalAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>()
            .Bind(configuration.GetSection(AccountOptions.Section))
            .Validate(o => o.MaxFailedSignIns > 0 && o.Lockout > TimeSpan.Zero && o.MinPasswordLength >= 8,
                "Accounts__MaxFailedSignIns and Accounts__Lockout must be positive and Accounts__MinPasswordLength at least 8.")
            .ValidateOnStart();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<IStorageReadyStep, FirstAdminStep>();
        return services;
    }
}
