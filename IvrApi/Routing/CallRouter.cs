using IvrApi.Departments;
using IvrApi.Routing.Matching;
using Microsoft.Extensions.Options;

namespace IvrApi.Routing;

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
    ICallMetrics metrics,
    PstnPolicy pstn,
    ILogger<CallRouter> logger)
{
    public async Task<CallPlan> CallStartedAsync(CallStart call, CancellationToken cancellationToken)
    {
        var text = prompts.Value;
        metrics.CallStarted();

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
                metrics.CallerRuleApplied(RuleAction.Block);
                return CallPlan.SayThen(rule.Message!, new CallStep.Hangup());
            case RuleAction.Route when ruleDepartment is not null:
                LogRule(logger, rule.Id, "route");
                metrics.CallerRuleApplied(RuleAction.Route);
                var plan = RoutePlanner.Plan(ruleDepartment, snapshot!, clock.GetUtcNow(), text, OperatorDestination());
                return Follow(plan with { Announcement = $"{text.Greeting} {plan.Announcement}" }, RouteReason.CallerRule);
        }

        var proposed = rule?.Action == RuleAction.Prefer ? ruleDepartment : null;
        var menu = MenuOf(snapshot);
        if (proposed is not null)
        {
            metrics.CallerRuleApplied(RuleAction.Prefer);
        }

        var preloaded = preloader.Enabled && await TryPreloadAsync(call, proposed, menu, cancellationToken).ConfigureAwait(false);

        // The bot waits for the caller after a preload and speaks nothing by itself
        // (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html), so the question is asked
        // here; without a preload the bot asks it as its welcome message.
        if (!preloaded)
        {
            return new CallPlan([new CallStep.StartBot($"{text.Greeting} {Question(menu)}", menu)]);
        }

        var question = proposed is null ? Question(menu) : PromptOptions.Fill(text.Preferred, proposed.Name);
        return CallPlan.SayThen($"{text.Greeting} {question}", new CallStep.StartBot(null, menu));
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

        // Opening hours are decided here, once: the bot only chooses the department.
        if (matcher.Match(outcome.Department, snapshot) is DepartmentMatch.Matched matched)
        {
            var plan = RoutePlanner.Plan(matched.Department, snapshot, clock.GetUtcNow(), text, OperatorDestination());
            return Follow(plan, plan.Closed ? RouteReason.Closed : RouteReason.Matched);
        }

        return ToOperator(RouteReason.UnknownDepartment, text.OperatorHandoff);
    }

    public CallPlan BotFailed() => ToOperator(RouteReason.BotFailed, prompts.Value.BotFailed);

    /// <summary>
    /// The words before the next step could not be spoken: go on to that step without them, so the caller still
    /// reaches the bot, the destination or a clean hang-up.
    /// </summary>
    public async Task<CallPlan> SpeechFailedAsync(CallMemory memory, CancellationToken cancellationToken)
    {
        switch (memory.AfterSpeech)
        {
            case AfterSpeech.Bot:
                // The bot's own voice asks instead: a welcome message needs no Speak action.
                var menu = MenuOf(await TryGetDirectoryAsync(cancellationToken).ConfigureAwait(false));
                return new CallPlan([new CallStep.StartBot(Question(menu), menu)], memory with { AfterSpeech = AfterSpeech.Nothing });
            case AfterSpeech.Bridge when memory.Destination is { } destination:
                // The memory comes back with the event, so it is a hint: a number in it meets the toll-fraud guard
                // like any route, and one the guard refuses sends the caller to the operator instead.
                return destination.Service == DepartmentService.PstnNumber && !pstn.Allows(destination.Number)
                    ? ToOperator(RouteReason.SpeechFailed, null)
                    : CallPlan.SayThen(null, new CallStep.Bridge(destination), memory.OperatorTried);
            case AfterSpeech.Hangup:
                return new CallPlan([new CallStep.Hangup()]);
            default:
                // Nothing remembered: the operator once, then a clean hang-up.
                return memory.OperatorTried ? new CallPlan([new CallStep.Hangup()]) : ToOperator(RouteReason.SpeechFailed, null);
        }
    }

    /// <summary>
    /// A bridge failed. The event names the endpoint that failed: the operator's is never tried again, whatever the
    /// memory says; any other gets one try of the operator.
    /// </summary>
    public CallPlan BridgeFailed(CallMemory memory, string? failedEndpoint)
    {
        var text = prompts.Value;
        if (memory.OperatorTried || OperatorDestination().Is(failedEndpoint))
        {
            LogDecision(logger, memory.Destination?.LexInfo ?? "", "hangup", RouteReason.OperatorFailed);
            metrics.Decided(RouteReason.OperatorFailed, null, closed: false);
            return CallPlan.SayThen(text.OperatorUnavailable, new CallStep.Hangup(), operatorTried: true);
        }

        var department = memory.Destination is { IsOperator: false } d ? d.LexInfo : "that department";
        return ToOperator(RouteReason.DestinationFailed, PromptOptions.Fill(text.BridgeFailed, department));
    }

    /// <summary>Our previous answer was rejected; answer with the simplest thing that cannot be wrong.</summary>
    public CallPlan ResponseRejected() => CallPlan.SayThen(prompts.Value.OperatorUnavailable, new CallStep.Hangup(), operatorTried: true);

    /// <summary>One leg hung up: hang up every leg still connected, so nobody is left on a silent, billed line.</summary>
    public static CallPlan LegHungUp(IEnumerable<string> stillConnected)
    {
        var steps = stillConnected.Select(id => (CallStep)new CallStep.Hangup(id)).ToArray();
        return steps.Length == 0 ? CallPlan.Stop : new CallPlan(steps);
    }

    /// <summary>"Which department would you like? Press 1 for …": the keypad menu from the directory as it is now.</summary>
    // Without the directory there is no menu to offer: the question alone, and callers say a name.
    private static KeypadMenu MenuOf(DirectorySnapshot? snapshot) => snapshot is null ? KeypadMenu.Empty : KeypadMenu.Of(snapshot);

    private string Question(KeypadMenu menu) => $"{prompts.Value.Question} {menu.Describe()}".TrimEnd();

    private Destination OperatorDestination() => routing.Value.Operator.ToDestination();

    /// <summary>The steps of a route plan: its words, then the bridge, or the farewell and a hang-up.</summary>
    private CallPlan Follow(RoutePlan plan, RouteReason reason)
    {
        if (plan.Destination is { } destination)
        {
            LogDecision(logger, destination.LexInfo, destination.IsOperator ? "operator" : DepartmentRules.ServiceName(destination.Service), reason);
            metrics.Decided(reason, destination, plan.Closed);
            return CallPlan.SayThen(plan.Announcement, new CallStep.Bridge(destination), destination.IsOperator);
        }

        LogDecision(logger, "", "hangup", reason);
        metrics.Decided(reason, null, plan.Closed);
        return CallPlan.SayThen($"{plan.Announcement} {plan.Farewell}", new CallStep.Hangup());
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
        metrics.Decided(reason, OperatorDestination(), closed: false);
        return CallPlan.SayThen(say, new CallStep.Bridge(OperatorDestination()), operatorTried: true);
    }

    private async Task<bool> TryPreloadAsync(CallStart call, Department? proposed, KeypadMenu menu, CancellationToken cancellationToken)
    {
        try
        {
            await preloader.PreloadAsync(call.CallId, proposed, menu, cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Routing decision: {Department} via {Route} ({Reason})")]
    private static partial void LogDecision(ILogger logger, string department, string route, RouteReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caller rule {RuleId} applies: {Action}")]
    private static partial void LogRule(ILogger logger, string ruleId, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lex session preload failed; the bot will ask for the department itself")]
    private static partial void LogPreloadFailed(ILogger logger, Exception exception);
}
