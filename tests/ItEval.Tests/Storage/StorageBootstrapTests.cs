using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Storage;

public sealed class StorageBootstrapTests
{
    [Fact]
    public async Task Creates_every_table_container_and_queue()
    {
        await using var storage = await TestStorage.CreateAsync();

        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);

        await AssertAllExist(storage);
    }

    [Fact]
    public async Task Running_twice_is_harmless()
    {
        await using var storage = await TestStorage.CreateAsync();

        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await storage.Blobs.GetBlobContainerClient(storage.Names.FormsContainer).UploadBlobAsync("kept.txt", BinaryData.FromString("data"));
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);

        await AssertAllExist(storage);
        var kept = await storage.Blobs.GetBlobContainerClient(storage.Names.FormsContainer).GetBlobClient("kept.txt").ExistsAsync();
        Assert.True(kept.Value, "a second bootstrap must not recreate (and empty) existing resources");
    }

    [Fact]
    public async Task Several_instances_starting_at_once_all_succeed()
    {
        await using var storage = await TestStorage.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None)));

        await AssertAllExist(storage);
    }

    private static async Task AssertAllExist(TestStorage storage)
    {
        var tables = new List<string>();
        await foreach (var table in storage.Tables.QueryAsync(t => t.Name.CompareTo(storage.Names.Prefix) >= 0))
        {
            tables.Add(table.Name);
        }

        Assert.Superset(storage.Names.Tables.ToHashSet(), tables.ToHashSet());
        foreach (var container in storage.Names.Containers)
        {
            Assert.True((await storage.Blobs.GetBlobContainerClient(container).ExistsAsync()).Value, container);
        }

        foreach (var queue in storage.Names.Queues)
        {
            Assert.True((await storage.Queues.GetQueueClient(queue).ExistsAsync()).Value, queue);
        }
    }
}

/// <summary>Every place the project starts Azurite tells it not to collect usage telemetry.</summary>
public sealed class AzuriteLaunchTests
{
    [Fact]
    public void Every_Azurite_the_project_starts_runs_without_telemetry()
    {
        var root = ItEval.Testing.RepositoryRoot.Find();
        var launches = new[] { "run.sh", "test.sh", ".ci/run" }
            .Select(f => Path.Combine(root, f)).Where(File.Exists)
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: f, Line: line, Next: File.ReadAllLines(f).ElementAtOrDefault(i + 1) ?? "")))
            .Where(l => l.Line.Contains("azurite.js", StringComparison.Ordinal) && !l.Line.TrimStart().StartsWith('#') && !l.Line.Contains("-f ", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(launches);
        Assert.All(launches, l => Assert.Contains("--disableTelemetry", l.Line + l.Next, StringComparison.Ordinal));
        Assert.Contains("--disableTelemetry", ItEval.Testing.Azurite.Arguments("azurite.js"));
    }
}
