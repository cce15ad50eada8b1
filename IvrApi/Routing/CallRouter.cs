using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IvrApi.Routing;

/// <summary>The caller as the call starts.</summary>
public sealed record CallStart(string CallId, string? CallerNumber, string? CalledNumber);

/// <summary>What the bot conversation ended with; <paramref name="Announced"/> when the bot already spoke the closed message.</summary>
public sealed record BotOutcome(string? Department, bool OperatorRequested, bool Announced = false);

/// <summary>
/// Port to the bot: put the caller's session straight into "which department?", or, with a
/// <paramref name="proposed"/> department, into "are you calling about …?".
/// </summary>
public interface IBotSessionPreloader
{
    bool Enabled { get; }

    Task PreloadAsync(string sessionId, string? callerNumber, Department? proposed, CancellationToken cancellationToken);
}

/// <summary>
/// Decides what happens on a call at every turn. Every outcome ends in speech, a bridge or a hang-up, and an
/// operator route is tried at most once, so no path loops or leaves the caller in silence.
/// </summary>
public sealed partial class CallRouter(
    DepartmentDirectory directory,
    IDepartmentMatcher matcher,
    IBotSessionPreloader preloader,
    TimeProvider clock,
    IOptions<RoutingOptions> routing,
    IOptions<PromptOptions> prompts,
    ILogger<CallRouter> logger)
{
    public async Task<CallPlan> CallStartedAsync(CallStart call, CancellationToken cancellationToken)
    {
        var text = prompts.Value;

        // Only a real number goes on to the bot or a rule: a withheld or damaged caller ID matches nothing.
        call = call with
        {
            CallerNumber = DepartmentRules.IsE164(call.CallerNumber) ? call.CallerNumber : null,
            CalledNumber = DepartmentRules.IsE164(call.CalledNumber) ? call.CalledNumber : null,
        };

        // Caller rules come before the bot; without the directory there are none, and the bot still answers.
        var snapshot = await TryGetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        var rule = snapshot?.RuleFor(call.CallerNumber, call.CalledNumber);
        var ruleDepartment = snapshot?.Find(rule?.Department);
        switch (rule?.Action)
        {
            case RuleAction.Block:
                LogRule(logger, rule.Id, "block");
                return new CallPlan([new CallStep.Say(rule.Message!), new CallStep.Hangup()]);
            case RuleAction.Route when ruleDepartment is not null:
                LogRule(logger, rule.Id, "route");
                var plan = RoutePlanner.Plan(ruleDepartment, snapshot!, clock.GetUtcNow(), text, OperatorDestination());
                var welcome = plan.Closed ? $"{text.Greeting} {plan.Announcement}" : $"{text.Greeting} {PromptOptions.Fill(text.Connecting, ruleDepartment.Name)}";
                return Follow(plan with { Announcement = welcome }, RouteReason.CallerRule);
        }

        var proposed = rule?.Action == RuleAction.Prefer ? ruleDepartment : null;
        var preloaded = preloader.Enabled && await TryPreloadAsync(call, proposed, cancellationToken).ConfigureAwait(false);

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
            var plan = RoutePlanner.Plan(matched.Department, snapshot, clock.GetUtcNow(), text, OperatorDestination());
            return Follow(outcome.Announced ? plan with { Announcement = null } : plan, plan.Closed ? RouteReason.Closed : RouteReason.Matched);
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

    private Destination OperatorDestination() => routing.Value.Operator.ToDestination();

    /// <summary>The steps of a route plan: its words, then the bridge, or the farewell and a hang-up.</summary>
    private CallPlan Follow(RoutePlan plan, RouteReason reason)
    {
        if (plan.Destination is { } destination)
        {
            LogDecision(logger, destination.LexInfo, destination.IsOperator ? "operator" : DepartmentRules.ServiceName(destination.Service), reason);
            return Bridge(destination, destination.IsOperator, plan.Announcement);
        }

        LogDecision(logger, "", "hangup", reason);
        CallStep[] farewell = [new CallStep.Say(plan.Farewell!), new CallStep.Hangup()];
        return new CallPlan(plan.Announcement is null ? farewell : [new CallStep.Say(plan.Announcement), .. farewell]);
    }

    private async Task<DirectorySnapshot?> TryGetDirectoryAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException)
        {
            return null;
        }
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

    private async Task<bool> TryPreloadAsync(CallStart call, Department? proposed, CancellationToken cancellationToken)
    {
        try
        {
            await preloader.PreloadAsync(call.CallId, call.CallerNumber, proposed, cancellationToken).ConfigureAwait(false);
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
        Closed,
        CallerRule,
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Caller rule {RuleId} applies: {Action}")]
    private static partial void LogRule(ILogger logger, string ruleId, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lex session preload failed; the bot will ask for the department itself")]
    private static partial void LogPreloadFailed(ILogger logger, Exception exception);
}
