using ItEval.Hosting;
using Microsoft.Extensions.Options;

namespace ItEval.Forms;

public static class FormServiceCollectionExtensions
{
    /// <summary>Form generation and reading, with the signing key and limits from the <c>Forms</c> settings.</summary>
    public static IServiceCollection AddItEvalForms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FormOptions>()
            .Bind(configuration.GetSection(FormOptions.Section))
            .Validate(o => SigningKeys.IsUsable(o.SigningKey), "Forms__SigningKey must be at least 32 random bytes in base64 (./run.sh creates one locally; Key Vault holds it in Azure).")
            .ValidateOnStart();
        services.AddSingleton(sp => FormSignature.FromBase64(sp.GetRequiredService<IOptions<FormOptions>>().Value.SigningKey));
        services.AddSingleton<FormGenerator>();
        services.AddSingleton<FormTemplateStore>();
        services.AddSingleton(sp => new FormReader(sp.GetRequiredService<FormSignature>(), sp.GetRequiredService<IOptions<FormOptions>>().Value));
        return services;
    }
}
