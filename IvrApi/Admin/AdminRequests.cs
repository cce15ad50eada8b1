using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IvrApi.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Admin;

/// <summary>Request bodies and RFC 7807 answers shared by the department and rule endpoints.</summary>
internal static class AdminRequests
{
    /// <summary>Reads the body as <typeparamref name="T"/>, or the 400 problem that says why it cannot be read.</summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken).ConfigureAwait(false);
            return value is null ? (null, Unreadable("The body is JSON null; send an object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            // Where, not the parser's message: problem details never carry exception text.
            return (null, Unreadable($"The body is not JSON of the expected shape at {ex.Path ?? "$"} (line {ex.LineNumber ?? 0}, byte {ex.BytePositionInLine ?? 0})."));
        }
    }

    /// <summary>A 400 validation problem with one message under the field it is about.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid");

    public static ValidationProblem Invalid(FieldError error) => Invalid(error.Field, error.Message);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no {what}.");

    private static ProblemHttpResult Unreadable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a readable JSON object", detail: detail);
}
