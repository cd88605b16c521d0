using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Cycle;

/// <summary>
/// An append whose answer is lost after it committed: the SDK retries it and storage answers 409 — for our
/// own rows. The store must recognise them as its own append, not as another writer's.
/// </summary>
public sealed class AmbiguousCommitTests
{
    [Fact]
    public async Task A_committed_append_retried_by_the_SDK_counts_as_done_and_another_writer_s_append_does_not()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var lose = new LoseTheFirstBatchAnswer();
        var options = new TableClientOptions();
        options.AddPolicy(lose, HttpPipelinePosition.PerRetry);
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var flaky = new CycleStore(new TableServiceClient(storage.ConnectionString, options), storage.Blobs, storage.Names);
        var plain = new CycleStore(storage.Tables, storage.Blobs, storage.Names);
        CycleEvent Created() => new CycleCreated(SampleCycles.Definition("mo", 2)) { At = DateTimeOffset.UnixEpoch, By = "admin" };

        var retried = await flaky.AppendAsync("mo", 0, [Created()], CancellationToken.None);
        var rival = await plain.AppendAsync("mo", 0, [Created()], CancellationToken.None);

        Assert.True(lose.Lost, "the first batch answer was not lost: the test did not exercise a retry");
        Assert.True(retried);
        Assert.False(rival);
        Assert.Single(await plain.ReadAsync("mo", 0, CancellationToken.None));
    }

    /// <summary>Lets the first transaction reach storage, then loses its answer (the SDK retries it).</summary>
    private sealed class LoseTheFirstBatchAnswer : HttpPipelinePolicy
    {
        public bool Lost { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (!Lost && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
            {
                Lost = true;
                throw new IOException("The connection dropped after the transaction committed.");
            }
        }
    }
}
