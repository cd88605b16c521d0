using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ItEval.Tests.Forms;

public sealed class FormSettingsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64!")]
    public async Task The_app_refuses_to_start_without_a_usable_form_signing_key(string key)
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var app = ItEvalApp.On(storage, new Dictionary<string, string?> { ["Forms:SigningKey"] = key });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Forms__SigningKey must be at least 32 random bytes in base64", error.Message, StringComparison.Ordinal);
    }
}
