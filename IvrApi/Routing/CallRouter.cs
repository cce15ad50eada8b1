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
    CallPrompts prompts,
    ICallMetrics metrics,
    PstnPolicy pstn,
    ILogger<CallRouter> logger)
{
    /// <summary>
    /// What to do at one event on a call. Whatever goes wrong deciding, the caller still hears words and a clean
    /// hang-up, never an answer the SMA cannot act on.
    /// </summary>
    public async Task<CallPlan> HandleAsync(CallEvent call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        CallPlan plan;
        try
        {
            plan = await DecideAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A bug must still end in words and a clean hang-up, never an error the SMA cannot act on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
            plan = call.Caller is null ? CallPlan.KeepGoing : ResponseRejected(call.Memory.Language);
        }

        return Addressed(call, plan);
    }

    public async Task<CallPlan> CallStartedAsync(CallStart call, CancellationToken cancellationToken)
    {
        metrics.CallStarted();

        // Only a real number goes on to the bot or a rule: a withheld or damaged caller ID matches nothing.
        call = call with
        {
            CallerNumber = DepartmentRules.IsE164(call.CallerNumber) ? call.CallerNumber : null,
            CalledNumber = DepartmentRules.IsE164(call.CalledNumber) ? call.CalledNumber : null,
        };

        // The number dialled chooses the language the call starts in; the caller may choose the other at the greeting.
        var language = routing.Value.LanguageOf(call.CalledNumber);
        var text = prompts.For(language);

        // Caller rules come before the bot; without the directory there are none, and the bot still answers.
        var snapshot = await TryGetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        var rule = snapshot?.RuleFor(call.CallerNumber, call.CalledNumber);
        var ruleDepartment = snapshot?.Find(rule?.Department);
        switch (rule?.Action)
        {
            case RuleAction.Block:
                LogRule(logger, rule.Id, "block");
                metrics.CallerRuleApplied(RuleAction.Block);
                return CallPlan.SayThen(rule.Message!.For(language, logger, $"message of rule {rule.Id}"), new CallStep.Hangup(), language);
            case RuleAction.Route when ruleDepartment is not null:
                LogRule(logger, rule.Id, "route");
                metrics.CallerRuleApplied(RuleAction.Route);
                var plan = RoutePlanner.Plan(ruleDepartment, snapshot!, clock.GetUtcNow(), text, language, OperatorDestination(), logger);
                return Follow(plan with { Announcement = $"{text.Greeting} {plan.Announcement}" }, RouteReason.CallerRule, language);
        }

        var proposed = rule?.Action == RuleAction.Prefer ? ruleDepartment : null;
        var offered = routing.Value.OfferLanguageChoice ? language.Other : (CallLanguage?)null;
        var menu = MenuOf(snapshot, offered is not null);
        if (proposed is not null)
        {
            metrics.CallerRuleApplied(RuleAction.Prefer);
        }

        if (preloader.Enabled)
        {
            await TryPreloadAsync(call, new CallStep.StartBot(null, menu, proposed?.Name, language, offered), cancellationToken).ConfigureAwait(false);
        }

        // The bot asks the first question itself, as its welcome message, preloaded or not: "users can interrupt the
        // bot and answer a question before the audio prompt finishes"
        // (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html), which a Speak before the bot
        // would not allow: a caller pressing the key during the menu would be lost. The offer of the other language
        // comes in that language, right after the greeting, before anything the caller would not understand.
        var question = proposed is null ? Question(menu, snapshot, language) : PromptOptions.Fill(text.Preferred, proposed.SpokenName(language));
        var offer = offered is { } other ? $" {prompts.For(other).LanguageOffer}" : "";
        return StartBot($"{text.Greeting}{offer} {question}", menu, proposed?.Name, language, offered);
    }

    public async Task<CallPlan> BotFinishedAsync(BotOutcome outcome, CallLanguage language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Language is { } chosen && chosen != language)
        {
            // The caller chose the language the welcome offered: the bot asks again in it, without offering it back.
            LogLanguageChosen(logger, chosen.Code);
            var directoryNow = await TryGetDirectoryAsync(cancellationToken).ConfigureAwait(false);
            var menu = MenuOf(directoryNow, offersLanguage: false);
            return StartBot($"{prompts.For(chosen).Greeting} {Question(menu, directoryNow, chosen)}", menu, null, chosen, null);
        }

        var text = prompts.For(language);
        if (outcome.OperatorRequested)
        {
            // The bot has already told the caller they are going to the operator.
            return ToOperator(RouteReason.BotHandedOver, null, language);
        }

        if (string.IsNullOrWhiteSpace(outcome.Department))
        {
            // Nothing heard and nothing decided: the caller is not told a department they never named was not found.
            return ToOperator(RouteReason.NoDepartment, text.NotHeardHandoff, language);
        }

        DirectorySnapshot snapshot;
        try
        {
            snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException)
        {
            return ToOperator(RouteReason.DirectoryUnavailable, text.DirectoryUnavailable, language);
        }

        // Opening hours are decided here, once: the bot only chooses the department.
        if (matcher.Match(outcome.Department, snapshot, language) is DepartmentMatch.Matched matched)
        {
            var plan = RoutePlanner.Plan(matched.Department, snapshot, clock.GetUtcNow(), text, language, OperatorDestination(), logger);
            return Follow(plan, plan.Closed ? RouteReason.Closed : RouteReason.Matched, language);
        }

        return ToOperator(RouteReason.UnknownDepartment, text.OperatorHandoff, language);
    }

    public CallPlan BotFailed(CallLanguage language) => ToOperator(RouteReason.BotFailed, prompts.For(language).BotFailed, language);

    /// <summary>
    /// The words before the next step could not be spoken: go on to that step without them, so the caller still
    /// reaches the destination or a clean hang-up. (The bot asks its questions itself: no Speak comes before it.)
    /// </summary>
    public CallPlan SpeechFailed(CallMemory memory)
    {
        switch (memory.AfterSpeech)
        {
            case AfterSpeech.Bridge when memory.Destination is { } destination:
                // The memory comes back with the event, so it is a hint: a number in it meets the toll-fraud guard
                // like any route, and one the guard refuses sends the caller to the operator instead.
                return destination.Service == DepartmentService.PstnNumber && !pstn.Allows(destination.Number)
                    ? ToOperator(RouteReason.SpeechFailed, null, memory.Language)
                    : CallPlan.SayThen(null, new CallStep.Bridge(destination), memory.Language, memory.OperatorTried);
            case AfterSpeech.Hangup:
                return new CallPlan([new CallStep.Hangup()]);
            default:
                // Nothing remembered: the operator once, then a clean hang-up.
                return memory.OperatorTried ? new CallPlan([new CallStep.Hangup()]) : ToOperator(RouteReason.SpeechFailed, null, memory.Language);
        }
    }

    /// <summary>
    /// A bridge failed. The event names the endpoint that failed: the operator's is never tried again, whatever the
    /// memory says; any other gets one try of the operator.
    /// </summary>
    public CallPlan BridgeFailed(CallMemory memory, string? failedEndpoint)
    {
        var text = prompts.For(memory.Language);
        if (memory.OperatorTried || OperatorDestination().Is(failedEndpoint))
        {
            LogDecision(logger, memory.Destination?.LexInfo ?? "", "hangup", RouteReason.OperatorFailed);
            metrics.Decided(RouteReason.OperatorFailed, null, closed: false);
            return CallPlan.SayThen(text.OperatorUnavailable, new CallStep.Hangup(), memory.Language, operatorTried: true);
        }

        // The memory keeps the department's X-LexInfo: its canonical name, said as the directory names it in the call's language.
        var department = memory.Destination is { IsOperator: false } d ? d.LexInfo : "that department";
        return ToOperator(RouteReason.DestinationFailed, PromptOptions.Fill(text.BridgeFailed, DepartmentRules.Spoken(department)), memory.Language);
    }

    /// <summary>Our previous answer was rejected; answer with the simplest thing that cannot be wrong.</summary>
    public CallPlan ResponseRejected(CallLanguage language) =>
        CallPlan.SayThen(prompts.For(language).OperatorUnavailable, new CallStep.Hangup(), language, operatorTried: true);

    /// <summary>One leg hung up: hang up every leg still connected, so nobody is left on a silent, billed line.</summary>
    public static CallPlan LegHungUp(IEnumerable<string> stillConnected)
    {
        var steps = stillConnected.Select(id => (CallStep)new CallStep.Hangup(id)).ToArray();
        return steps.Length == 0 ? CallPlan.Stop : new CallPlan(steps);
    }

    private async Task<CallPlan> DecideAsync(CallEvent call, CancellationToken cancellationToken)
    {
        if (call.Kind is not (CallEventKind.NewCall or CallEventKind.HungUp) && call.CallerLeft)
        {
            // The caller is gone: whatever this event reports, nobody is left to speak to or to bridge.
            return LegHungUp(StillConnected(call, gone: null));
        }

        switch (call.Kind, call.Action)
        {
            case (CallEventKind.NewCall, _):
                // Without a caller leg there is nobody to talk to: reject the call unanswered rather than guess.
                return call.Caller is { CallId: { } callId } caller
                    ? await CallStartedAsync(new CallStart(callId, caller.From, caller.To), cancellationToken).ConfigureAwait(false)
                    : new CallPlan([new CallStep.Hangup(SipResponseCode: 480)]);

            case (CallEventKind.ActionSucceeded, CallEventAction.Bot):
                return await BotFinishedAsync(call.Bot ?? new BotOutcome(null, OperatorRequested: false), call.Memory.Language, cancellationToken).ConfigureAwait(false);

            case (CallEventKind.ActionFailed, CallEventAction.Bot):
                metrics.BotFailed(call.ErrorType);
                return BotFailed(call.Memory.Language);

            case (CallEventKind.ActionFailed, CallEventAction.Hangup):
                return CallPlan.Stop;

            case (CallEventKind.ActionFailed, CallEventAction.Speech):
                return SpeechFailed(call.Memory);

            case (CallEventKind.ActionFailed, _):
                // A bridge (or anything else we sent) failed; the event names the endpoint it could not reach.
                metrics.BridgeFailed(call.ErrorType);
                return BridgeFailed(call.Memory, call.FailedEndpoint);

            case (CallEventKind.HungUp, _):
                return LegHungUp(StillConnected(call, call.HungUp));

            case (CallEventKind.ResponseRejected, _):
                return call.Caller is null ? CallPlan.KeepGoing : ResponseRejected(call.Memory.Language);

            default:
                // Ringing, answered, an action that succeeded with nothing to act on, caller input, types we do not
                // know: let the running actions go on.
                return CallPlan.KeepGoing;
        }
    }

    private static IEnumerable<string> StillConnected(CallEvent call, CallLeg? gone) =>
        call.Legs
            .Where(l => l.CallId is not null && l.MaybeConnected && l.CallId != gone?.CallId
                && !string.Equals(l.Tag, gone?.Tag, StringComparison.OrdinalIgnoreCase))
            .Select(l => l.CallId!);

    /// <summary>
    /// The plan as this call can carry it out: a bridge presents the caller's own number, or ours when theirs is
    /// withheld, and without either no bridge can succeed, so the call ends cleanly; words need the caller's leg.
    /// Every step is in the call's language: the one the plan remembers, else the one the call remembered.
    /// </summary>
    private CallPlan Addressed(CallEvent call, CallPlan plan)
    {
        if (plan.Steps is not { } steps)
        {
            return plan;
        }

        if (steps.Any(s => s is CallStep.Bridge))
        {
            var callerId = DepartmentRules.IsE164(call.Caller?.From) ? call.Caller!.From
                : DepartmentRules.IsE164(call.Caller?.To) ? call.Caller!.To
                : null;
            if (callerId is null)
            {
                LogNoCallerId(logger);
                plan = ResponseRejected(plan.Language ?? call.Memory.Language) with { Remember = plan.Remember };
                steps = plan.Steps!;
            }
            else
            {
                steps = steps.Select(s => s is CallStep.Bridge b ? b with { CallerId = callerId } : s).ToArray();
            }
        }

        if (call.Caller?.CallId is null)
        {
            // Speak must name the caller's leg; with none known, the words cannot be addressed.
            steps = steps.Where(s => s is not CallStep.Say).ToArray();
        }

        var language = plan.Language ?? call.Memory.Language;
        steps = steps.Select(s => s switch
        {
            CallStep.Say say => say with { Language = language },
            CallStep.Bridge bridge => bridge with { Language = language },
            _ => s,
        }).ToArray();
        return plan with { Steps = steps };
    }

    /// <summary>
    /// The keypad menu from the directory as it is now. Without the directory there is no menu to offer: the question
    /// alone, and callers say a name. While the other language is offered, its key is not a department's.
    /// </summary>
    private static KeypadMenu MenuOf(DirectorySnapshot? snapshot, bool offersLanguage)
    {
        var menu = snapshot is null ? KeypadMenu.Empty : KeypadMenu.Of(snapshot);
        var keys = PromptOptions.LanguageKey - '1';
        return offersLanguage && menu.Keys.Count > keys ? new KeypadMenu(menu.Keys.Take(keys).ToArray(), MoreByName: true) : menu;
    }

    /// <summary>"Which department would you like? Press 1 for …", in the call's language.</summary>
    private string Question(KeypadMenu menu, DirectorySnapshot? snapshot, CallLanguage language) =>
        $"{prompts.For(language).Question} {menu.Describe(language, snapshot)}".TrimEnd();

    private static CallPlan StartBot(string welcome, KeypadMenu menu, string? proposed, CallLanguage language, CallLanguage? offered) =>
        new([new CallStep.StartBot(welcome, menu, proposed, language, offered)], new CallMemory(null, OperatorTried: false, AfterSpeech.Nothing, language));

    private Destination OperatorDestination() => routing.Value.Operator.ToDestination();

    /// <summary>The steps of a route plan: its words, then the bridge, or the farewell and a hang-up.</summary>
    private CallPlan Follow(RoutePlan plan, RouteReason reason, CallLanguage language)
    {
        if (plan.Destination is { } destination)
        {
            LogDecision(logger, destination.LexInfo, destination.IsOperator ? "operator" : DepartmentRules.ServiceName(destination.Service), reason);
            metrics.Decided(reason, destination, plan.Closed);
            return CallPlan.SayThen(plan.Announcement, new CallStep.Bridge(destination), language, destination.IsOperator);
        }

        LogDecision(logger, "", "hangup", reason);
        metrics.Decided(reason, null, plan.Closed);
        return CallPlan.SayThen($"{plan.Announcement} {plan.Farewell}", new CallStep.Hangup(), language);
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

    private CallPlan ToOperator(RouteReason reason, string? say, CallLanguage language)
    {
        LogDecision(logger, routing.Value.Operator.LexInfo, "operator", reason);
        metrics.Decided(reason, OperatorDestination(), closed: false);
        return CallPlan.SayThen(say, new CallStep.Bridge(OperatorDestination()), language, operatorTried: true);
    }

    private async Task TryPreloadAsync(CallStart call, CallStep.StartBot opening, CancellationToken cancellationToken)
    {
        try
        {
            await preloader.PreloadAsync(call.CallId, opening, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed preload must never stop the call: the bot asks its question all the same.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPreloadFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Routing decision: {Department} via {Route} ({Reason})")]
    private static partial void LogDecision(ILogger logger, string department, string route, RouteReason reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMA event handling failed; apologising and hanging up")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No E.164 caller ID to present on a bridge; ending the call")]
    private static partial void LogNoCallerId(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caller rule {RuleId} applies: {Action}")]
    private static partial void LogRule(ILogger logger, string ruleId, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "The caller chose the language {Language}; the bot asks again in it")]
    private static partial void LogLanguageChosen(ILogger logger, string language);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lex session preload failed; the bot asks for the department all the same")]
    private static partial void LogPreloadFailed(ILogger logger, Exception exception);
}
