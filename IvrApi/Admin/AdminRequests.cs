using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Admin;

/// <summary>Request bodies and RFC 7807 answers shared by the department and rule endpoints.</summary>
internal static partial class AdminRequests
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
            return (null, Unreadable(ex.Message));
        }
    }

    /// <summary>A 400 validation problem with one message under the field it is about.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid");

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no {what}.");

    /// <summary>
    /// The field a domain validation message is about. The domain states each rule in one place and says which field
    /// in words; the first marker found in the message, quoted values removed (a name may contain any word), names it.
    /// </summary>
    public static string FieldOf(string message, IEnumerable<(string Marker, string Field)> markers)
    {
        var words = QuotedValue().Replace(message, "");
        return markers.FirstOrDefault(m => words.Contains(m.Marker, StringComparison.Ordinal)).Field ?? "";
    }

    private static ProblemHttpResult Unreadable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a readable JSON object", detail: detail);

    [GeneratedRegex("'[^']*'")]
    private static partial Regex QuotedValue();
}
