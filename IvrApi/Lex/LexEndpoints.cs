using IvrApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Lex;

internal static class LexEndpoints
{
    public static RouteGroupBuilder MapLexHook(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/lex-hook").WithTags("Lex code hook");
        group.MapPost("/", HandleAsync)
            .WithSummary("Amazon Lex V2 code hook event in (messageVersion 1.0), code hook response out");
        return group;
    }

    public static Task<Results<Ok<LexCodeHookResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, LexCodeHook hook, CancellationToken cancellationToken) =>
        EventBody.AnswerAsync<Results<Ok<LexCodeHookResponse>, ProblemHttpResult>>(
            request, async root => TypedResults.Ok(await hook.HandleAsync(root, cancellationToken).ConfigureAwait(false)), p => p, cancellationToken);
}
