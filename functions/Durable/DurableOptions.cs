using System.ComponentModel.DataAnnotations;

namespace ItEval.Durable;

/// <summary>
/// Settings section <c>Durable</c>: the task hub the orchestrations run in. On Azure the Functions host's
/// Durable extension reads the same values from host.json (which names them with <c>%Durable__…%</c>);
/// standalone, the in-process DurableTask.Core worker (<see cref="StandaloneTaskHub"/>) uses them.
/// </summary>
public sealed class DurableOptions
{
    public const string Section = "Durable";

    /// <summary>The task hub's name; empty: <c>{Storage__Prefix}hub</c>, so apps (and tests) that share an account never share a hub.</summary>
    [RegularExpression("^([A-Za-z][A-Za-z0-9]{2,44})?$", ErrorMessage = "Durable__TaskHub must be 3-45 letters or digits, starting with a letter.")]
    public string TaskHub { get; set; } = "";

    /// <summary>Standalone: run the orchestration worker in this instance (false: this instance only starts and reads orchestrations).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>Control-queue partitions: how many instances can share the orchestrations of one hub. Fixed once the hub exists.</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>
    /// The longest wait between two looks at an empty queue (the provider backs off up to it). The default
    /// of DurableTask.Core is 30 s, which would make every step of a cycle wait; 1 s costs an idle instance
    /// a few storage reads a second.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an activity message stays hidden while it runs (renewed while it runs). When an instance dies
    /// mid-activity, the activity runs again elsewhere after at most this. DurableTask.Core's 5 minutes
    /// made a killed instance's work wait 5 minutes; 20 s measured 18 s.
    /// </summary>
    public TimeSpan WorkItemVisibility { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The same for orchestration (control-queue) messages.</summary>
    public TimeSpan ControlQueueVisibility { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a partition stays owned by an instance that stopped renewing it (died).</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an instance renews the partitions it owns.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an instance looks for partitions to take (at start, or from an instance that died).</summary>
    public TimeSpan LeaseAcquireInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Activities one instance runs at once.</summary>
    [Range(1, 200)]
    public int MaxConcurrentActivities { get; set; } = 10;

    /// <summary>Orchestration episodes one instance runs at once.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>The hub name for a storage prefix when <see cref="TaskHub"/> is empty.</summary>
    public string TaskHubFor(string storagePrefix) => string.IsNullOrEmpty(TaskHub) ? $"{storagePrefix}hub" : TaskHub;
}
