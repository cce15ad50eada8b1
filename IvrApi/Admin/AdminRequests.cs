using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IvrApi.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Admin;

/// <summary>Request bodies and RFC 7807 answers shared by the department and rule endpoints.</summary>
internal static class AdminRequests
{
    /// <summary>
    /// Reads the body as <typeparamref name="T"/> once its shape is right; otherwise the problem that says why not:
    /// 415 when it is not declared JSON, 400 when it is not a JSON object, or a validation problem naming every
    /// unknown, missing or wrongly typed field at once.
    /// </summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem, ValidationProblem? Invalid)> ReadAsync<T>(
        HttpRequest request, AdminBody shape, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            var declared = request.ContentType is { Length: > 0 } contentType ? $"'{contentType}'" : "none";
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send the body as JSON",
                detail: $"The body must be declared Content-Type: application/json; this request's Content-Type is {declared}. "
                    + "With curl, -d alone sends application/x-www-form-urlencoded: add -H 'Content-Type: application/json'."), null);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            // Where, not the parser's message: problem details never carry exception text. People count from 1.
            return (null, Unreadable($"The body is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}."), null);
        }

        using (document)
        {
            var body = document.RootElement;
            if (body.ValueKind != JsonValueKind.Object)
            {
                return (null, Unreadable($"The body is {(body.ValueKind == JsonValueKind.Null ? "JSON null" : "a JSON " + body.ValueKind.ToString().ToLowerInvariant())}; send an object."), null);
            }

            var problems = shape.Problems(body);
            return problems.Count > 0
                ? (null, null, Invalid(problems))
                : (body.Deserialize(type), null, null);
        }
    }

    /// <summary>A 400 validation problem with every message under the field it is about.</summary>
    public static ValidationProblem Invalid(IEnumerable<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            title: "The request is not valid");

    /// <summary>A 400 validation problem with one message under the field it is about.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid");

    public static ValidationProblem Invalid(FieldError error) => Invalid(error.Field, error.Message);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no {what}.");

    private static ProblemHttpResult Unreadable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a readable JSON object", detail: detail);
}
