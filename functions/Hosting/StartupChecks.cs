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
}
