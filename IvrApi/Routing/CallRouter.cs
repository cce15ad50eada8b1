using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IvrApi.Routing;

/// <summary>The caller as the call starts.</summary>
public sealed record CallStart(string CallId, string? CallerNumber, string? CalledNumber);

/// <summary>What the bot conversation ended with.</summary>
public sealed record BotOutcome(string? Department, bool OperatorRequested);

/// <summary>Storage-free port to the bot: put the caller's session straight into "which department?".</summary>
public interface IBotSessionPreloader
{
    bool Enabled { get; }

    Task PreloadAsync(string sessionId, string? callerNumber, CancellationToken cancellationToken);
}

/// <summary>
/// Decides what happens on a call at every turn. Every outcome ends in speech, a bridge or a hang-up, and an
/// operator route is tried at most once, so no path loops or leaves the caller in silence.
/// </summary>
public sealed partial class CallRouter(
    DepartmentDirectory directory,
    IDepartmentMatcher matcher,
    IBotSessionPreloader preloader,
    IOptions<RoutingOptions> routing,
    IOptions<PromptOptions> prompts,
    ILogger<CallRouter> logger)
{
    public async Task<CallPlan> CallStartedAsync(CallStart call, CancellationToken cancellationToken)
    {
        var text = prompts.Value;

        // Only a real number goes on to the bot: a withheld or damaged caller ID is not worth a session attribute.
        call = call with { CallerNumber = DepartmentRules.IsE164(call.CallerNumber) ? call.CallerNumber : null };
        var preloaded = preloader.Enabled && await TryPreloadAsync(call, cancellationToken).ConfigureAwait(false);

        // A preloaded session makes the bot ask for the department itself; otherwise the bot must ask in its welcome.
        return new CallPlan(preloaded
            ? [new CallStep.Say(text.Greeting), new CallStep.StartBot(null, call.CallerNumber)]
            : [new CallStep.StartBot($"{text.Greeting} {text.Question}", call.CallerNumber)]);
    }

    public async Task<CallPlan> BotFinishedAsync(BotOutcome outcome, CancellationToken cancellationToken)
    {
        var text = prompts.Value;
        if (outcome.OperatorRequested)
        {
            // The bot has already told the caller they are going to the operator.
            return ToOperator(RouteReason.BotHandedOver, null);
        }

        if (string.IsNullOrWhiteSpace(outcome.Department))
        {
            return ToOperator(RouteReason.NoDepartment, text.OperatorHandoff);
        }

        DirectorySnapshot snapshot;
        try
        {
            snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException)
        {
            return ToOperator(RouteReason.DirectoryUnavailable, text.DirectoryUnavailable);
        }

        if (matcher.Match(outcome.Department, snapshot) is DepartmentMatch.Matched matched)
        {
            LogDecision(logger, matched.Department.Name, "department", RouteReason.Matched);
            return Bridge(Destination.To(matched.Department), operatorTried: false, say: null);
        }

        return ToOperator(RouteReason.UnknownDepartment, text.OperatorHandoff);
    }

    public CallPlan BotFailed() => ToOperator(RouteReason.BotFailed, prompts.Value.BotFailed);

    /// <summary>A bridge, or the speech before it, failed. Try the operator once; after that, apologise and hang up.</summary>
    public CallPlan BridgeFailed(CallMemory memory, bool canSpeak)
    {
        var text = prompts.Value;
        if (memory.OperatorTried)
        {
            LogDecision(logger, memory.BridgedTo ?? "", "hangup", RouteReason.OperatorFailed);
            return new CallPlan(canSpeak
                ? [new CallStep.Say(text.OperatorUnavailable), new CallStep.Hangup()]
                : [new CallStep.Hangup()]);
        }

        var apology = canSpeak ? PromptOptions.Fill(text.BridgeFailed, memory.BridgedTo ?? "that department") : null;
        return ToOperator(RouteReason.DestinationFailed, apology);
    }

    /// <summary>Our previous answer was rejected; answer with the simplest thing that cannot be wrong.</summary>
    public CallPlan ResponseRejected() =>
        new([new CallStep.Say(prompts.Value.OperatorUnavailable), new CallStep.Hangup()]);

    /// <summary>One leg hung up: hang up every leg still connected, so nobody is left on a silent, billed line.</summary>
    public static CallPlan LegHungUp(IEnumerable<string> stillConnected)
    {
        var steps = stillConnected.Select(id => (CallStep)new CallStep.Hangup(id)).ToArray();
        return steps.Length == 0 ? CallPlan.Stop : new CallPlan(steps);
    }

    public Destination OperatorDestination()
    {
        var op = routing.Value.Operator;
        var service = op.Service == "pstnNumber" ? DepartmentService.PstnNumber : DepartmentService.VoiceConnector;
        return new Destination(service, op.Number, op.LexInfo, IsOperator: true);
    }

    private CallPlan ToOperator(RouteReason reason, string? say)
    {
        LogDecision(logger, routing.Value.Operator.LexInfo, "operator", reason);
        return Bridge(OperatorDestination(), operatorTried: true, say);
    }

    private static CallPlan Bridge(Destination destination, bool operatorTried, string? say)
    {
        CallStep bridge = new CallStep.Bridge(destination);
        return new CallPlan(
            say is null ? [bridge] : [new CallStep.Say(say), bridge],
            new CallMemory(destination.LexInfo, operatorTried));
    }

    private async Task<bool> TryPreloadAsync(CallStart call, CancellationToken cancellationToken)
    {
        try
        {
            await preloader.PreloadAsync(call.CallId, call.CallerNumber, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed preload must never stop the call: the bot then asks its own question.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPreloadFailed(logger, ex);
            return false;
        }
    }

    private enum RouteReason
    {
        Matched,
        BotHandedOver,
        NoDepartment,
        UnknownDepartment,
        DirectoryUnavailable,
        BotFailed,
        DestinationFailed,
        OperatorFailed,
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Routing decision: {Department} via {Route} ({Reason})")]
    private static partial void LogDecision(ILogger logger, string department, string route, RouteReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lex session preload failed; the bot will ask for the department itself")]
    private static partial void LogPreloadFailed(ILogger logger, Exception exception);
}
