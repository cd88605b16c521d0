using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;

namespace ItEval.Web;

/// <summary>
/// JSON of the management API. Request bodies are read strictly, where a client's mistake would
/// otherwise slip through as a default value: a field the request type needs must be there, a
/// non-nullable one may not be null (also inside lists), enums by name as the docs show them
/// (numbers still read). Anything else is a 400 naming the field (<see cref="ProblemResponses"/>).
/// Responses write enums by name.
/// </summary>
public static class ApiJson
{
    /// <summary>How request bodies are read.</summary>
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(), new NoNullElements() },
    };

    public static IServiceCollection AddItEvalApiJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Binding failures (a query value that is not a number…) throw instead of a bare 400, so the
        // problem details can say which value.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Reads a request body strictly; a body that is not valid for <typeparamref name="T"/> throws a 400 naming the field.</summary>
    public static async Task<T> ReadAsync<T>(HttpContext http) where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The request body must be JSON (Content-Type: application/json).", StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Strict, http.RequestAborted)
                ?? throw new JsonException("a JSON object is expected, not null");
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The request body is not valid.", StatusCodes.Status400BadRequest, ex);
        }
    }

    /// <summary>Lists of a reference type refuse a <c>null</c> element (nullable annotations do not reach list elements).</summary>
    private sealed class NoNullElements : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && !typeToConvert.GetGenericArguments()[0].IsValueType;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

        private sealed class ListConverter<T> : JsonConverter<IReadOnlyList<T>>
            where T : class
        {
            public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException("a list [ … ] is expected here");
                }

                var list = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(reader.TokenType == JsonTokenType.Null
                        ? throw new JsonException("null is not allowed in this list")
                        : JsonSerializer.Deserialize<T>(ref reader, options)!);
                }

                return list;
            }

            public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
                JsonSerializer.Serialize(writer, value.ToList(), options);
        }
    }
}

/// <summary>
/// A JSON request body read strictly (<see cref="ApiJson.Strict"/>): declare a handler parameter as
/// <c>Json&lt;ReasonRequest&gt; body</c>. It also tells the endpoint's metadata which type it accepts.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Minimal APIs bind a parameter through a static BindAsync on its type.")]
public sealed class Json<T>(T value) : IEndpointParameterMetadataProvider where T : class
{
    public T Value { get; } = value;

    public static async ValueTask<Json<T>?> BindAsync(HttpContext http, ParameterInfo parameter) => new(await ApiJson.ReadAsync<T>(http));

    // Not AcceptsMetadata: routing would answer a wrong content type 415 before authorization runs.
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new JsonRequestMetadata(typeof(T)));
}

/// <summary>Endpoint metadata: the JSON body type an endpoint reads (its content type is checked after authorization).</summary>
public sealed record JsonRequestMetadata(Type RequestType);
