using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Infrastructure;

/// <summary>Reads an event body as JSON without binding it to a type, so a damaged event can still be answered.</summary>
internal static class EventBody
{
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return (document, null);
            }

            document.Dispose();
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an event", detail: "The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body is not JSON", detail: ex.Message));
        }
    }
}
