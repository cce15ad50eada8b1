using IvrApi.Http;
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

    public static Task<Results<JsonHttpResult<SmaResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, SmaHandler handler, CancellationToken cancellationToken) =>
        EventBody.AnswerAsync<Results<JsonHttpResult<SmaResponse>, ProblemHttpResult>>(
            request, async root => Answer(await handler.HandleAsync(root, cancellationToken).ConfigureAwait(false)), p => p, cancellationToken);

    // The SMA reads PascalCase names, unlike the rest of the API.
    public static JsonHttpResult<SmaResponse> Answer(SmaResponse response) =>
        TypedResults.Json(response, SmaJsonContext.Default.SmaResponse);
}
