namespace ItEval.Storage;

/// <summary>
/// Every table, container and queue the app uses, derived from one prefix (ARCHITECTURE §3).
/// Table names allow letters and digits only; containers and queues allow lowercase and hyphens.
/// There is no timers or audit table: durable timers are derived from each cycle's state, and the
/// cycle's event log is its audit trail.
/// </summary>
public sealed class StorageNames(string prefix)
{
    public string Prefix { get; } = prefix;

    public string CyclesTable => Table("Cycles");
    public string CycleEventsTable => Table("CycleEvents");
    public string UnitsTable => Table("Units");
    public string SubmissionsTable => Table("Submissions");
    public string ScoresTable => Table("Scores");
    public string VisitsTable => Table("Visits");
    public string RankingsTable => Table("Rankings");
    public string OutboxTable => Table("Outbox");
    public string AccountsTable => Table("Accounts");
    public string SettingsTable => Table("Settings");
    public string ExportsTable => Table("Exports");
    public string AppraisalDraftsTable => Table("AppraisalDrafts");

    public string TemplatesContainer => Container("templates");
    public string FormsContainer => Container("forms");
    public string EvidenceContainer => Container("evidence");
    public string QuarantineContainer => Container("quarantine");
    public string ExportsContainer => Container("exports");
    public string MailContainer => Container("mail");
    public string StateContainer => Container("state");
    public string KeysContainer => Container("keys");

    /// <summary>
    /// The app writes no queue of its own (the Durable task hub keeps its queues); this one exists so the
    /// health check can ask the queue service for one of the app's resources.
    /// </summary>
    public string HealthQueue => Container("health");

    public IReadOnlyList<string> Tables =>
    [
        CyclesTable, CycleEventsTable, UnitsTable, SubmissionsTable, ScoresTable,
        VisitsTable, RankingsTable, OutboxTable, AccountsTable, SettingsTable, ExportsTable, AppraisalDraftsTable,
    ];

    public IReadOnlyList<string> Containers =>
        [TemplatesContainer, FormsContainer, EvidenceContainer, QuarantineContainer, ExportsContainer, MailContainer, StateContainer, KeysContainer];

    public IReadOnlyList<string> Queues => [HealthQueue];

    private string Table(string name) => Prefix + name;

    private string Container(string name) => $"{Prefix}-{name}";
}
