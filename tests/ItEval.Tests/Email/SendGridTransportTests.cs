using System.Net;
using ItEval.Email;
using ItEval.Testing;
using ItEval.Tests.Infrastructure;
using SendGrid;
using ItEval.Engine;

namespace ItEval.Tests.Email;

/// <summary>The SendGrid path against a loopback server that speaks the v3 mail-send contract.</summary>
public sealed class SendGridTransportTests
{
    private static SendGridTransport Transport(FakeSendGrid server, int attempts = 4) => new(
        new SendGridClient(new HttpClient(), new SendGridClientOptions { ApiKey = "SG.test-key", Host = server.Url }),
        new SendGridOptions { MaxAttempts = attempts, FromEmail = "cntt@tinh.gov.vn", FromName = "Bộ phận CNTT" }, TimeProvider.System);

    private static EmailMessage Message(string id, string to, string subject = "Nhắc hạn", string text = "Còn 3 ngày") =>
        new(id, "reminder", [to], subject, text, $"<p>{text}</p>");

    [Fact]
    public async Task Identical_messages_go_in_one_request_with_a_personalisation_per_recipient()
    {
        await using var server = await FakeSendGrid.StartAsync();

        var deliveries = await Transport(server).DeliverAsync("c", [Message("c/a/r/1", "a@x.vn"), Message("c/b/r/1", "b@x.vn"), Message("c/c/r/1", "c@x.vn"), Message("c/d/r/1", "d@x.vn", text: "Khác")], CancellationToken.None);

        Assert.All(deliveries, d => Assert.True(d.Sent));
        Assert.Equal(2, server.Requests.Count);
        var (body, authorization) = server.Requests.First();
        Assert.Equal("Bearer SG.test-key", authorization);
        Assert.Equal(["a@x.vn", "b@x.vn", "c@x.vn"], body.GetProperty("personalizations").EnumerateArray().Select(p => p.GetProperty("to").EnumerateArray().Single().GetProperty("email").GetString()));
        Assert.Equal("cntt@tinh.gov.vn", body.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Nhắc hạn", body.GetProperty("subject").GetString());
        Assert.Equal(["text/plain", "text/html"], body.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.StartsWith("msg-", deliveries[0].ProviderMessageId, StringComparison.Ordinal);
        var args = body.GetProperty("personalizations")[1].GetProperty("custom_args");
        Assert.Equal(("c", "c/b/r/1"), (args.GetProperty("iteval_cycle").GetString(), args.GetProperty("iteval_email").GetString()));
    }

    [Fact]
    public async Task Fifteen_hundred_recipients_of_one_message_take_two_requests()
    {
        await using var server = await FakeSendGrid.StartAsync();
        var messages = Enumerable.Range(0, 1500).Select(i => Message($"c/u{i}/r/1", $"u{i}@x.vn")).ToList();

        await Transport(server).DeliverAsync("c", messages, CancellationToken.None);

        Assert.Equal([1000, 500], server.Requests.Select(r => r.Body.GetProperty("personalizations").GetArrayLength()));
    }

    [Fact]
    public async Task A_429_waits_for_the_rate_limit_reset_then_sends()
    {
        await using var server = await FakeSendGrid.StartAsync();
        var reset = DateTimeOffset.UtcNow.AddSeconds(1);
        server.Script.Enqueue(FakeSendGrid.Answer(429, """{"errors":[{"message":"too many requests"}]}""", reset.ToUnixTimeSeconds()));

        var delivery = Assert.Single(await Transport(server).DeliverAsync("c", [Message("c/a/r/1", "a@x.vn")], CancellationToken.None));

        Assert.True(delivery.Sent);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(DateTimeOffset.UtcNow >= DateTimeOffset.FromUnixTimeSeconds(reset.ToUnixTimeSeconds()), "the retry waited for the reset time");
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_then_left_to_the_work_item()
    {
        await using var server = await FakeSendGrid.StartAsync();
        server.Script.Enqueue(FakeSendGrid.Answer(500));
        server.Script.Enqueue(FakeSendGrid.Answer(503));

        Assert.True(Assert.Single(await Transport(server).DeliverAsync("c", [Message("c/a/r/1", "a@x.vn")], CancellationToken.None)).Sent);
        Assert.Equal(3, server.Requests.Count);

        server.Script.Enqueue(FakeSendGrid.Answer(500));
        server.Script.Enqueue(FakeSendGrid.Answer(500));
        var delivery = Assert.Single(await Transport(server, attempts: 2).DeliverAsync("c", [Message("c/b/r/1", "b@x.vn")], CancellationToken.None));
        Assert.Equal(DeliveryOutcome.NotSent, delivery.Outcome);
        Assert.Contains("SendGrid answered 500 2 times", delivery.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_400_is_recorded_as_failed_with_the_providers_reason()
    {
        await using var server = await FakeSendGrid.StartAsync();
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        server.Script.Enqueue(FakeSendGrid.Answer(400, """{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email"}]}"""));
        var mailer = new OutboxMailer(storage.Tables, storage.Names, TimeProvider.System, Transport(server));

        var sent = await mailer.SendAsync("c", Message("c/a/r/1", "not-an-address"), "w1", CancellationToken.None);
        var again = await mailer.SendAsync("c", Message("c/a/r/1", "not-an-address"), "w1", CancellationToken.None);

        var row = Assert.Single(await mailer.ListAsync("c", CancellationToken.None));
        Assert.False(sent);
        Assert.False(again);
        Assert.Single(server.Requests);
        Assert.Equal("failed", row.GetString("Status"));
        Assert.Contains("SendGrid 400", row.GetString("LastError"), StringComparison.Ordinal);
        Assert.Contains("Does not contain a valid address.", row.GetString("LastError"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_part_way_through_a_batch_records_what_was_accepted_and_never_resends_it()
    {
        await using var server = await FakeSendGrid.StartAsync();
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var mailer = new OutboxMailer(storage.Tables, storage.Names, TimeProvider.System, Transport(server, attempts: 2));
        // Two contents, so two requests: the first is accepted, the second fails every attempt.
        EmailMessage[] batch = [Message("c/a/reminder/1", "a@x.vn"), Message("c/b/overdue/1", "b@x.vn", subject: "Quá hạn")];
        server.Script.Enqueue(FakeSendGrid.Answer(202));
        server.Script.Enqueue(FakeSendGrid.Answer(500));
        server.Script.Enqueue(FakeSendGrid.Answer(503));

        await Assert.ThrowsAsync<EmailDeliveryException>(() => mailer.SendBatchAsync("c", batch, "w1", CancellationToken.None));
        var rows = (await mailer.ListAsync("c", CancellationToken.None)).ToDictionary(r => r.RowKey, r => r.GetString("Status"));
        Assert.Equal(("sent", "pending"), (rows["c~a~reminder~1"], rows["c~b~overdue~1"]));

        // The work item's next delivery sends only what is missing.
        Assert.Equal(1, await mailer.SendBatchAsync("c", batch, "w1", CancellationToken.None));
        Assert.Equal((1, 1), (server.AcceptedCount("c/a/reminder/1"), server.AcceptedCount("c/b/overdue/1")));
    }

    [Fact]
    public async Task The_only_duplicate_is_a_crash_between_the_provider_accepting_and_the_row_saying_so()
    {
        await using var server = await FakeSendGrid.StartAsync();
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var message = Message("c/a/r/1", "a@x.vn");

        // The worker dies after SendGrid accepted the email and before the outbox row says "sent".
        await Assert.ThrowsAsync<ItEval.Engine.SimulatedCrashException>(() =>
            new OutboxMailer(storage.Tables, storage.Names, time, new CrashAfterSend(Transport(server))).SendAsync("c", message, "w1", CancellationToken.None));
        var mailer = new OutboxMailer(storage.Tables, storage.Names, time, Transport(server));

        // Its claim holds until the lease runs out: any delivery, of this item or another, waits.
        var busy = await Assert.ThrowsAsync<EmailBusyException>(() => mailer.SendAsync("c", message, "w1", CancellationToken.None));
        Assert.Equal(OutboxMailer.Lease, busy.RetryAfter);
        time.Advance(OutboxMailer.Lease);
        Assert.True(await mailer.SendAsync("c", message, "w1", CancellationToken.None));
        Assert.False(await mailer.SendAsync("c", message, "another-item", CancellationToken.None));

        // The documented window: accepted twice, never three times.
        Assert.Equal(2, server.AcceptedCount("c/a/r/1"));
    }

    [Fact]
    public async Task A_transport_that_throws_gives_its_claims_back_so_the_retry_is_not_held_back()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await FakeSendGrid.StartAsync();
        var message = Message("c/a/r/1", "a@x.vn");

        await Assert.ThrowsAsync<InvalidOperationException>(() => new OutboxMailer(storage.Tables, storage.Names, time, new Broken()).SendAsync("c", message, "w1", CancellationToken.None));

        // The next delivery claims and sends at once; no lease to wait out.
        Assert.True(await new OutboxMailer(storage.Tables, storage.Names, time, Transport(server)).SendAsync("c", message, "w1", CancellationToken.None));
        Assert.Equal(1, server.AcceptedCount("c/a/r/1"));
    }

    private sealed class Broken : IEmailTransport
    {
        public Task<IReadOnlyList<Delivery>> DeliverAsync(string cycleId, IReadOnlyList<EmailMessage> messages, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("metadata too large");
    }

    private sealed class CrashAfterSend(IEmailTransport inner) : IEmailTransport
    {
        public async Task<IReadOnlyList<Delivery>> DeliverAsync(string cycleId, IReadOnlyList<EmailMessage> messages, CancellationToken cancellationToken)
        {
            await inner.DeliverAsync(cycleId, messages, cancellationToken);
            throw new ItEval.Engine.SimulatedCrashException("after the provider accepted");
        }
    }
}

/// <summary>The cycle's personalised emails batch too: personal values travel as substitutions.</summary>
public sealed class PersonalisedBatchingTests
{
    [Fact]
    public async Task Reminders_to_1500_units_take_two_requests_and_each_unit_gets_its_own_values()
    {
        await using var server = await FakeSendGrid.StartAsync();
        var links = new ItEval.Links.UnitLinks(new byte[32], "https://iteval.example.gov.vn");
        var emails = new ItEval.Cycle.CycleEmails(new EmailRenderer(), links, Microsoft.Extensions.Options.Options.Create(new ItEval.Scheduling.VisitHours()));
        var definition = Cycle.SampleCycles.Definition("batch", 1500);
        var state = ItEval.Cycle.CycleState.Fold("batch", [new ItEval.Cycle.CycleCreated(definition) { At = DateTimeOffset.UnixEpoch, By = "a" }]);
        var now = Cycle.SampleCycles.Vn(2026, 12, 12, 8);
        var messages = state.Units.Values.Select(u => emails.Reminder(state, u, ItEval.Cycle.EmailKinds.Reminder, "20261215-3d", now)).ToList();
        var transport = new SendGridTransport(new SendGrid.SendGridClient(new HttpClient(), new SendGrid.SendGridClientOptions { ApiKey = "SG.k", Host = server.Url }),
            new SendGridOptions(), TimeProvider.System);

        await transport.DeliverAsync("batch", messages, CancellationToken.None);

        Assert.Equal([1000, 500], server.Requests.Select(r => r.Body.GetProperty("personalizations").GetArrayLength()));
        var body = server.Requests.First().Body;
        var third = body.GetProperty("personalizations")[2];
        Assert.Equal("u0003@tinh.gov.vn", third.GetProperty("to")[0].GetProperty("email").GetString());
        var substitutions = third.GetProperty("substitutions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var text = body.GetProperty("content")[0].GetProperty("value").GetString()!;
        var resolved = substitutions.Aggregate(text, (t, s) => t.Replace(s.Key, s.Value, StringComparison.Ordinal));
        Assert.Contains("Kính gửi Đơn vị số 3,", resolved, StringComparison.Ordinal);
        Assert.Contains("Còn 3 ngày", resolved, StringComparison.Ordinal);
        Assert.Equal(messages[2].Resolve().Text, resolved);
        var html = substitutions.Aggregate(body.GetProperty("content")[1].GetProperty("value").GetString()!, (t, s) => t.Replace(s.Key, s.Value, StringComparison.Ordinal));
        Assert.Contains("<p>Kính gửi <strong>Đơn vị số 3</strong>,</p>", html, StringComparison.Ordinal);
    }
}
