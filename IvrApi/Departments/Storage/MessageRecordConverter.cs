using System.Text.Json;
using System.Text.Json.Serialization;

namespace IvrApi.Departments.Storage;

/// <summary>Reads and writes <see cref="MessageRecord"/>'s two forms; no reflection, so the source-generated context can use it.</summary>
public sealed class MessageRecordConverter : JsonConverter<MessageRecord>
{
    public override MessageRecord? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new(new Dictionary<string, string?> { ["en"] = reader.GetString() });
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A message is a string or an object of texts by language.");
        }

        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var code = reader.GetString()!;
            reader.Read();
            texts[code] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null => null,
                _ => throw new JsonException($"The '{code}' text of a message must be a string."),
            };
        }

        return new(texts);
    }

    public override void Write(Utf8JsonWriter writer, MessageRecord value, JsonSerializerOptions options)
    {
        if (value.SingleEnglish is { } english)
        {
            writer.WriteStringValue(english);
            return;
        }

        writer.WriteStartObject();
        foreach (var (code, text) in value.Texts)
        {
            writer.WriteString(code, text);
        }

        writer.WriteEndObject();
    }
}
