using IvrApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Sma;

internal static class SmaEndpoints
{
    public static RouteGroupBuilder MapSma(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sma").WithTags("SIP media application");
        group.MapPost("/", HandleAsync)
            .WithSummary("Amazon Chime SDK SIP media application invocation event in, actions out");
        return group;
    }

    public static async Task<Results<JsonHttpResult<SmaResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, SmaHandler handler, CancellationToken cancellationToken)
    {
        var (document, problem) = await EventBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return problem!;
        }

        using (document)
        {
            return Answer(await handler.HandleAsync(document.RootElement, cancellationToken).ConfigureAwait(false));
        }
    }

    // The SMA reads PascalCase names, unlike the rest of the API.
    public static JsonHttpResult<SmaResponse> Answer(SmaResponse response) =>
        TypedResults.Json(response, SmaJsonContext.Default.SmaResponse);
}
