using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Http;

/// <summary>Reads an event body as JSON without binding it to a type, so a damaged event can still be answered.</summary>
internal static class EventBody
{
    /// <summary>
    /// Hands the body's JSON object to <paramref name="answer"/>; a body that is not one gets a 400 problem, which
    /// <paramref name="problem"/> turns into the endpoint's result type (usually <c>p => p</c>).
    /// </summary>
    public static async Task<TResult> AnswerAsync<TResult>(
        HttpRequest request, Func<JsonElement, Task<TResult>> answer, Func<ProblemHttpResult, TResult> problem, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            // Where, not the parser's message: problem details never carry exception text.
            return problem(TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Body is not JSON",
                detail: $"The body is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} (both counted from 1)."));
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? await answer(document.RootElement).ConfigureAwait(false)
                : problem(TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an event", detail: "The body must be a JSON object."));
        }
    }
}
