using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;

namespace ItEval.Web;

/// <summary>
/// JSON of the management API. Request bodies are read strictly, where a client's mistake would
/// otherwise slip through as a default value: a field the request type needs must be there, a
/// non-nullable one may not be null (also inside lists and as a dictionary value), enums by name as
/// the docs show them. Anything else is a 400 naming the field (<see cref="ProblemResponses"/>).
/// Responses write enums by name.
/// </summary>
public static class ApiJson
{
    /// <summary>How request bodies are read.</summary>
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
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
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Strict, http.RequestAborted)
                ?? throw new JsonException("a JSON object is expected, not null", "$", null, null);
            return NullScan.Find(value, "$") is { } path ? throw new JsonException("null is not allowed here", path, null, null) : value;
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The request body is not valid.", StatusCodes.Status400BadRequest, ex);
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

/// <summary>
/// Finds the first null where a request needs a value but nullable annotations do not reach: list
/// elements and dictionary values, at any depth of the request's own types. Returns its JSON path.
/// </summary>
internal static class NullScan
{
    public static string? Find(object? value, string path, int depth = 0)
    {
        if (value is null || depth > 8 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is decimal or DateOnly or DateTimeOffset)
        {
            return null;
        }

        if (value is System.Collections.IDictionary dictionary)
        {
            foreach (System.Collections.DictionaryEntry entry in dictionary)
            {
                var at = $"{path}.{entry.Key}";
                if ((entry.Value is null ? at : Find(entry.Value, at, depth + 1)) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (value is System.Collections.IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                var at = $"{path}[{i++}]";
                if ((item is null ? at : Find(item, at, depth + 1)) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (value.GetType().Namespace?.StartsWith("ItEval", StringComparison.Ordinal) != true)
        {
            return null;
        }

        foreach (var property in value.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).Length == 0
                && Find(property.GetValue(value), $"{path}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}", depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
