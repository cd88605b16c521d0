using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask.Converters;

namespace ItEval.Durable;

/// <summary>
/// One serializer for orchestration inputs, outputs, events and custom status, in both hosts: camelCase
/// JSON by System.Text.Json. (DurableTask.Core's own client would write inputs with Newtonsoft, the shims
/// read them with System.Text.Json; choosing one keeps a record's shape the same on both sides.)
/// </summary>
public static class DurableJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static JsonDataConverter Converter { get; } = new(Options);
}
