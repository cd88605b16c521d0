using ItEval.Storage;

namespace ItEval.Accounts;

public static class AccountServiceCollectionExtensions
{
    /// <summary>Local accounts: the store, sign-in and administration, and the first admin created once storage exists.</summary>
    public static IServiceCollection AddItEvalAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>()
            .Bind(configuration.GetSection(AccountOptions.Section))
            .Validate(o => o.MaxFailedSignIns > 0 && o.Lockout > TimeSpan.Zero && o.MaxFailedSignInsPerClient > 0 && o.ClientWindow > TimeSpan.Zero && o.MinPasswordLength >= PasswordPolicy.MinLength,
                $"Accounts__MaxFailedSignIns, __Lockout, __MaxFailedSignInsPerClient and __ClientWindow must be positive and Accounts__MinPasswordLength at least {PasswordPolicy.MinLength}.")
            .ValidateOnStart();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<SignInLimiter>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<IStorageReadyStep, FirstAdminStep>();
        return services;
    }
}
