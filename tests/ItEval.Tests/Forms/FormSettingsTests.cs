using ItEval.Cycle;
using ItEval.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ItEval.Tests.Forms;

/// <summary>The app refuses to start (the startup validation that ValidateOnStart registers) without usable signing keys.</summary>
public sealed class FormSettingsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64!")]
    public void Without_a_usable_form_signing_key_the_app_does_not_start(string key)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(new() { ["Forms:SigningKey"] = key }, s => s.AddItEvalForms));

        Assert.Contains("Forms__SigningKey must be at least 32 random bytes in base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_usable_link_signing_key_the_app_does_not_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(new() { ["Links:SigningKey"] = "c2hvcnQ=" }, s => s.AddItEvalCycles));

        Assert.Contains("Links__SigningKey must be at least 32 random bytes in base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_32_byte_key_is_accepted() =>
        Validate(new() { ["Forms:SigningKey"] = Convert.ToBase64String(new byte[32]) }, s => s.AddItEvalForms);

    private static void Validate(Dictionary<string, string?> settings, Func<IServiceCollection, Func<IConfiguration, IServiceCollection>> register)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        register(services)(configuration);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }
}
