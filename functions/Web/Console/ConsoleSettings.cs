using System.Text.Json;
using Azure.Data.Tables;
using ItEval.Cycle;
using ItEval.Storage;

namespace ItEval.Web.Console;

/// <summary>What a new cycle starts with unless the admin changes it: the appraisal team, holidays and the admins' addresses.</summary>
public sealed record CycleDefaults(IReadOnlyList<TeamMember> Team, IReadOnlyList<DateOnly> Holidays, IReadOnlyList<string> AdminEmails)
{
    public static readonly CycleDefaults Empty = new([], [], []);
}

/// <summary>The console's settings row in Table storage (one row, replaced as a whole).</summary>
public sealed class ConsoleSettings(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.SettingsTable);

    public async Task<CycleDefaults> DefaultsAsync(CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>("settings", "cycle-defaults", cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Json") is { } json
            ? JsonSerializer.Deserialize<CycleDefaults>(json, CycleJson.Options) ?? CycleDefaults.Empty
            : CycleDefaults.Empty;
    }

    public Task SaveDefaultsAsync(CycleDefaults defaults, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity("settings", "cycle-defaults") { ["Json"] = JsonSerializer.Serialize(defaults, CycleJson.Options) }, TableUpdateMode.Replace, cancellationToken);
}
