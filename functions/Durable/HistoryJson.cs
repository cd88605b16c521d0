using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ItEval.Durable;

/// <summary>
/// Reads the history the Azure Storage provider hands out as JSON. It writes each event without a type
/// name, so the concrete event class is chosen from the event's <c>EventType</c> (ExecutionStarted →
/// <see cref="ExecutionStartedEvent"/>, GenericEvent → <see cref="GenericEvent"/>).
/// </summary>
public static class HistoryJson
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        Converters = { new EventConverter() },
    };

    public static IList<HistoryEvent> Read(string json) => JsonConvert.DeserializeObject<List<HistoryEvent>>(json, Settings) ?? [];

    public static Type TypeOf(EventType type) =>
        typeof(HistoryEvent).Assembly.GetType($"DurableTask.Core.History.{type}Event")
        ?? typeof(HistoryEvent).Assembly.GetType($"DurableTask.Core.History.{type}")
        ?? throw new JsonSerializationException($"No history event class for {type}");

    private sealed class EventConverter : JsonConverter
    {
        public override bool CanWrite => false;

        public override bool CanConvert(Type objectType) => objectType == typeof(HistoryEvent);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
        {
            var item = JObject.Load(reader);
            var typeToken = item["EventType"] ?? throw new JsonSerializationException("A history event without EventType");
            var type = typeToken.Type == JTokenType.Integer ? (EventType)typeToken.Value<int>() : Enum.Parse<EventType>(typeToken.Value<string>()!);
            var concrete = TypeOf(type);
            var target = serializer.ContractResolver.ResolveContract(concrete).DefaultCreator?.Invoke()
                ?? System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(concrete);
            using var inner = item.CreateReader();
            serializer.Populate(inner, target);
            return target;
        }

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) => throw new NotSupportedException();
    }
}
