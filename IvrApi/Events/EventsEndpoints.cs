using System.Text.Json;
using IvrApi.Http;
using IvrApi.Lex;
using IvrApi.Sma;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Events;

/// <summary>
/// Raw Lambda events, as the AWS Lambda Web Adapter passes them through (<c>AWS_LWA_PASS_THROUGH_PATH</c>). SMA events
/// have PascalCase <c>InvocationEventType</c>/<c>CallDetails</c>; Lex code hook events camelCase <c>sessionState</c>.
/// </summary>
internal static class EventsEndpoints
{
    public static RouteGroupBuilder MapEvents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/events").WithTags("Lambda events");
        group.MapPost("/", HandleAsync)
            .WithSummary("A raw SMA or Lex event, recognised by its shape and handled as /sma or /lex-hook would");
        return group;
    }

    public static Task<Results<JsonHttpResult<SmaResponse>, Ok<LexCodeHookResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, SmaHandler sma, LexCodeHook lex, CancellationToken cancellationToken) =>
        EventBody.AnswerAsync<Results<JsonHttpResult<SmaResponse>, Ok<LexCodeHookResponse>, ProblemHttpResult>>(request, async root =>
        {
            if (IsSmaEvent(root))
            {
                return SmaEndpoints.Answer(await sma.HandleAsync(root, cancellationToken).ConfigureAwait(false));
            }

            if (IsLexEvent(root))
            {
                return TypedResults.Ok(await lex.HandleAsync(root, cancellationToken).ConfigureAwait(false));
            }

            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Unrecognised event",
                detail: "Expected an Amazon Chime SDK SMA event (InvocationEventType, CallDetails) or an Amazon Lex V2 code hook event (sessionState, invocationSource).");
        }, p => p, cancellationToken);

    private static bool IsSmaEvent(JsonElement root) =>
        root.Has("InvocationEventType") || root.Has("CallDetails");

    private static bool IsLexEvent(JsonElement root) =>
        root.Has("sessionState") || root.Has("invocationSource") || root.Has("messageVersion");
}
