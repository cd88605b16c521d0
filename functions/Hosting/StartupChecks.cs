using ItEval.Storage;
using Microsoft.Extensions.Options;

namespace ItEval.Hosting;

/// <summary>
/// Settings that cannot work are said before the app starts, as one sentence naming the setting and
/// how to fix it — not as a stack trace from deep inside the host after it started.
/// </summary>
public static class StartupChecks
{
    /// <summary>What is wrong with the settings, or null when the app can start.</summary>
    public static string? Problem(IServiceProvider services)
    {
        if (UnresolvedKeyVaultReference(services.GetRequiredService<IConfiguration>()) is { } unresolved)
        {
            return unresolved;
        }

        try
        {
            _ = services.GetRequiredService<StorageConnection>();
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (StorageSettingException ex)
        {
            return ex.Message;
        }
        catch (OptionsValidationException ex)
        {
            return string.Join(" ", ex.Failures);
        }
    }

    /// <summary>
    /// App Service hands a Key Vault reference it could not resolve to the app as the reference itself; used
    /// as a key or a password it would fail later and obscurely, so the app names the setting now.
    /// </summary>
    private static string? UnresolvedKeyVaultReference(IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is not null && value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            {
                var secret = System.Text.RegularExpressions.Regex.Match(value, @"SecretName=([^;)]+)").Groups[1].Value;
                return $"The setting {key.Replace(":", "__", StringComparison.Ordinal)} is a Key Vault reference App Service could not resolve. " +
                       $"Store the secret '{secret}' in the Key Vault and check that the app's identity has the Key Vault Secrets User role, then restart the app.";
            }
        }

        return null;
    }
}
