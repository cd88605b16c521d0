using System.Net.Http.Headers;
using ItEval.Web;

namespace ItEval.Tests.Infrastructure;

/// <summary>An admin key ("cntt-admin") and an appraiser key ("tv1") for test apps, and clients that present them.</summary>
public static class ApiKeys
{
    public const string Admin = "test-admin-key-0123456789";
    public const string Appraiser = "test-appraiser-key-0123456789";

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Auth:Keys:0:Name"] = "cntt-admin",
        ["Auth:Keys:0:Role"] = ItEval.Accounts.Roles.Admin,
        ["Auth:Keys:0:Sha256"] = ApiKeyAuthenticationHandler.Hash(Admin),
        ["Auth:Keys:1:Name"] = "tv1",
        ["Auth:Keys:1:Role"] = ItEval.Accounts.Roles.Appraiser,
        ["Auth:Keys:1:Sha256"] = ApiKeyAuthenticationHandler.Hash(Appraiser),
        ["Auth:Keys:1:Email"] = "an@tinh.gov.vn",
    };

    public static HttpClient Client(ItEvalApp app, string? key)
    {
        var client = app.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
