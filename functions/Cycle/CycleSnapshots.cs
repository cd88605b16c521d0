using System.Collections;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ItEval.Cycle;

/// <summary>
/// A cycle's state as snapshot JSON and back. Every property the fold writes is in it — private setters
/// included, collections without setters filled in place — and nothing derived. The schema names the
/// state's shape (each property's name and type): a build whose state differs does not read another
/// build's snapshot but replays the events, which every build can.
/// </summary>
public static class CycleSnapshots
{
    /// <summary>Raise when the fold's meaning changes without a change of shape (the fingerprint catches the rest).</summary>
    private const int Revision = 1;

    private static readonly Type[] StateTypes = [typeof(CycleState), typeof(UnitProgress)];

    public static readonly JsonSerializerOptions Options = new(CycleJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { IncludeWholeState } },
        // Most of a unit's fields are unset most of the cycle: leaving them out halves a snapshot.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        // Appraised scores are most of a late snapshot (30 per unit): as arrays they are half the size.
        Converters = { new AppraisedScoreAsArray() },
    };

    public static string Schema { get; } = $"cycle-state-{Revision}-{Fingerprint()}";

    public static byte[] Write(CycleState state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    public static CycleState Read(byte[] json) => JsonSerializer.Deserialize<CycleState>(json, Options)
        ?? throw new InvalidDataException("empty snapshot");

    /// <summary>The state written straight into <paramref name="json"/> (the snapshot's compressing stream).</summary>
    public static void Write(CycleState state, Stream json) => JsonSerializer.Serialize(json, state, Options);

    public static async ValueTask<CycleState> ReadAsync(Stream json, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<CycleState>(json, Options, cancellationToken) ?? throw new InvalidDataException("empty snapshot");

    /// <summary>The stored properties of the state types, as the schema's fingerprint sees them.</summary>
    public static IReadOnlyList<string> StoredProperties(Type type) => [.. Options.GetTypeInfo(type).Properties.Select(p => p.Name)];

    private static void IncludeWholeState(JsonTypeInfo info)
    {
        if (!StateTypes.Contains(info.Type))
        {
            return;
        }

        foreach (var property in info.Properties.ToList())
        {
            if (property.AttributeProvider is not PropertyInfo member)
            {
                continue;
            }

            if (member.SetMethod is { } setter)
            {
                property.Set ??= (target, value) => setter.Invoke(target, [value]);
            }
            else if (IsFilledInPlace(member))
            {
                property.ObjectCreationHandling = JsonObjectCreationHandling.Populate;
            }
            else
            {
                // Derived (computed from the rest): not stored.
                info.Properties.Remove(property);
            }
        }
    }

    /// <summary>A get-only property holding a mutable collection the fold adds to (Units, Appraisals, …).</summary>
    private static bool IsFilledInPlace(PropertyInfo member) =>
        member.GetMethod?.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)) == true
        && member.PropertyType.IsGenericType && !member.PropertyType.IsInterface
        && typeof(IEnumerable).IsAssignableFrom(member.PropertyType);

    private static string Fingerprint()
    {
        var shape = string.Join(';', StateTypes.SelectMany(t => Options.GetTypeInfo(t).Properties.Select(p => $"{t.Name}.{p.Name}:{p.PropertyType}")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shape)))[..12];
    }

    /// <summary>An appraised score as <c>[code, points, reason, appraiser, at]</c> in snapshots only (events keep their named fields).</summary>
    private sealed class AppraisedScoreAsArray : JsonConverter<ItEval.Ranking.AppraisedScore>
    {
        public override ItEval.Ranking.AppraisedScore Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Expect(ref reader, JsonTokenType.StartArray);
            reader.Read();
            var code = reader.GetString()!;
            reader.Read();
            var points = reader.GetDecimal();
            reader.Read();
            var reason = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            reader.Read();
            var appraiser = reader.GetString()!;
            reader.Read();
            var at = reader.GetDateTimeOffset();
            reader.Read();
            Expect(ref reader, JsonTokenType.EndArray);
            return new ItEval.Ranking.AppraisedScore(code, points, reason, appraiser, at);
        }

        public override void Write(Utf8JsonWriter writer, ItEval.Ranking.AppraisedScore value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(value.CriterionCode);
            writer.WriteNumberValue(value.Points);
            writer.WriteStringValue(value.Reason);
            writer.WriteStringValue(value.Appraiser);
            writer.WriteStringValue(value.At);
            writer.WriteEndArray();
        }

        private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
        {
            if (reader.TokenType != token)
            {
                throw new JsonException($"A snapshot's appraised score is an array of 5 values; found {reader.TokenType}.");
            }
        }
    }
}
