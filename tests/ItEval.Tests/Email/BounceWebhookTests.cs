using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using ItEval.Cycle;
using ItEval.Email;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Email;

public sealed class BounceWebhookTests
{
    [Fact]
    public async Task A_signed_bounce_report_flags_the_address_on_its_unit_once_and_unsigned_ones_are_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, new Dictionary<string, string?> { ["SendGrid:WebhookPublicKey"] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()) });
        var engine = app.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("bounce", new CreateCycle(Cycle.SampleCycles.Definition("bounce", 3)) { By = "admin" }, CancellationToken.None);
        var body = """[{"email":"u0002@tinh.gov.vn","event":"bounce","reason":"550 5.1.1 mailbox does not exist","iteval_cycle":"bounce","iteval_email":"bounce/u0002/reminder/20261215-3d"},{"email":"u0001@tinh.gov.vn","event":"delivered","iteval_cycle":"bounce","iteval_email":"bounce/u0001/reminder/20261215-3d"}]""";
        var client = app.CreateClient();

        HttpRequestMessage Request(string signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/email/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(SendGridEvents.TimestampHeader, "1798761600");
            request.Headers.Add(SendGridEvents.SignatureHeader, signature);
            return request;
        }

        var signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes("1798761600" + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var forged = await client.SendAsync(Request(Convert.ToBase64String(new byte[70])));
        var first = await client.SendAsync(Request(signature));
        var again = await client.SendAsync(Request(signature));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("flagged").GetInt32());
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("flagged").GetInt32());
        var bounced = await engine.QueryAsync("bounce", s => s.Units["u0002"].BouncedEmails, CancellationToken.None);
        Assert.Equal("550 5.1.1 mailbox does not exist", bounced["u0002@tinh.gov.vn"]);
        Assert.Empty(await engine.QueryAsync("bounce", s => s.Units["u0001"].BouncedEmails, CancellationToken.None));
    }
}
