using System.Text.Json;
using System.Text.Json.Serialization;

namespace ItEval.Engine;

/// <summary>JSON for stored events, snapshots and work messages: camelCase, enums by name.</summary>
public static class EngineJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };
}
