using System.Text.Json;

namespace ItEval.Rubrics;

/// <summary>Writes a rubric in the file format <see cref="RubricReader"/> reads: one canonical form.</summary>
public static class RubricWriter
{
    public static string Write(Rubric rubric, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("id", rubric.Id);
            json.WriteNumber("version", rubric.Version);
            Names(json, "name", rubric.Name);
            json.WriteNumber("scoreDecimals", rubric.ScoreDecimals);
            json.WriteStartArray("groups");
            foreach (var group in rubric.Groups)
            {
                json.WriteStartObject();
                json.WriteString("code", group.Code);
                Names(json, "name", group.Name);
                json.WriteNumber("maxPoints", group.MaxPoints);
                json.WriteNumber("weight", group.Weight);
                Criteria(json, "criteria", group.Criteria);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Criteria(Utf8JsonWriter json, string property, IReadOnlyList<Criterion> criteria)
    {
        json.WriteStartArray(property);
        foreach (var criterion in criteria)
        {
            json.WriteStartObject();
            json.WriteString("code", criterion.Code);
            Names(json, "name", criterion.Name);
            json.WriteNumber("maxPoints", criterion.MaxPoints);
            if (criterion.Guidance is { } guidance)
            {
                Names(json, "guidance", guidance);
            }

            json.WriteBoolean("evidenceRequired", criterion.EvidenceRequired);
            if (criterion.Answer is { } answer)
            {
                Answer(json, answer);
            }

            if (!criterion.IsLeaf)
            {
                Criteria(json, "subCriteria", criterion.SubCriteria);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Answer(Utf8JsonWriter json, Answer answer)
    {
        json.WriteStartObject("answer");
        json.WriteString("type", answer.Type);
        switch (answer)
        {
            case LevelAnswer level:
                json.WriteStartArray("levels");
                foreach (var item in level.Levels)
                {
                    json.WriteStartObject();
                    json.WriteString("code", item.Code);
                    Names(json, "name", item.Name);
                    json.WriteNumber("points", item.Points);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            case PercentageAnswer percentage:
                json.WriteString("rule", percentage.Rule == PercentageRule.Linear ? "linear" : "steps");
                if (percentage.Rule == PercentageRule.Steps)
                {
                    json.WriteStartArray("steps");
                    foreach (var step in percentage.Steps)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("minPercent", step.MinPercent);
                        json.WriteNumber("points", step.Points);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                break;
        }

        json.WriteEndObject();
    }

    private static void Names(Utf8JsonWriter json, string property, Bilingual names)
    {
        json.WriteStartObject(property);
        json.WriteString("vi", names.Vi);
        json.WriteString("en", names.En);
        json.WriteEndObject();
    }
}
