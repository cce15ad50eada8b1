using IvrApi.Departments;
using IvrApi.Routing.Matching;
using Microsoft.Extensions.Options;

namespace IvrApi.Routing;

/// <summary>
/// The department dialog: understand what the caller said or pressed, confirm near misses, count misses, and hand
/// over to the operator at the limit. A wrong department is worse than asking again.
/// </summary>
public sealed class DepartmentDialog(
    DepartmentDirectory directory,
    IDepartmentMatcher matcher,
    IOptions<RoutingOptions> routing,
    CallPrompts prompts)
{
    /// <summary>
    /// Decides every turn the same way, whichever hook Lex invoked: a fulfilment event is no proof that the slot holds
    /// a department (FallbackIntent is only ever fulfilled; a denied confirmation can still reach fulfilment). Every
    /// word is in the turn's language.
    /// </summary>
    public async Task<DialogDecision> DecideAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var text = prompts.For(turn.Language);

        // The language the welcome offered, chosen by its key or its name: nothing else is decided in this language.
        if (turn.Offered is { } offered && ChoosesLanguage(turn, offered))
        {
            return new DialogDecision.SwitchLanguage(offered);
        }

        DirectorySnapshot snapshot;
        try
        {
            snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException)
        {
            // Be honest: the department may well exist; we just cannot look it up.
            return new DialogDecision.HandToOperator(turn.FailureCount, text.DirectoryUnavailable);
        }

        switch (turn.Confirmation)
        {
            case Confirmation.Confirmed when turn.Intent == DialogIntent.RouteCall && snapshot.Find(turn.Heard) is { } confirmed:
                return new DialogDecision.RouteTo(confirmed);
            case Confirmation.Denied:
                return Miss(turn, text.Denied, turn.Menu ?? KeypadMenu.Of(snapshot), snapshot);
        }

        // After a fallback the slot is empty: the transcript is what the caller said.
        var heard = turn.Intent == DialogIntent.Fallback || string.IsNullOrWhiteSpace(turn.Heard) ? turn.Transcript : turn.Heard;
        var menu = turn.Menu ?? KeypadMenu.Of(snapshot);

        // The answer to "Are you calling about …?": yes routes, no asks for the department; anything else (another
        // department, a key from the menu) is understood as usual.
        if (!turn.Keypad && turn.Proposed is not null && snapshot.Find(turn.Proposed) is { } proposed)
        {
            switch (YesOrNo.Of(turn.Transcript ?? heard, turn.Language))
            {
                case Confirmation.Confirmed:
                    return new DialogDecision.RouteTo(proposed);
                case Confirmation.Denied:
                    return Miss(turn, text.Denied, menu, snapshot);
            }
        }

        var match = turn.Keypad ? menu.Select(turn.Transcript ?? turn.Heard, snapshot) : matcher.Match(heard, snapshot, turn.Language);
        return match switch
        {
            DepartmentMatch.Matched m => new DialogDecision.RouteTo(m.Department),
            DepartmentMatch.Probable p => new DialogDecision.Confirm(p.Department, PromptOptions.Fill(text.Confirm, p.Department.SpokenName(turn.Language))),
            DepartmentMatch.Ambiguous => Miss(turn, text.Ambiguous, menu, snapshot),
            _ when string.IsNullOrWhiteSpace(heard) || turn.Intent == DialogIntent.Fallback => Miss(turn, text.NotHeard, menu, snapshot),
            _ => Miss(turn, text.Retry, menu, snapshot),
        };
    }

    /// <summary>
    /// A miss: ask again with the keypad menu the caller was given, or hand over once the retries are used up, in words
    /// that fit the last answer: a caller who said nothing is not told their department was not found.
    /// </summary>
    private DialogDecision Miss(DialogTurn turn, string retryMessage, KeypadMenu menu, DirectorySnapshot snapshot)
    {
        var misses = turn.FailureCount + 1;
        var text = prompts.For(turn.Language);
        if (turn.FailureCount < routing.Value.MaxRetries)
        {
            return new DialogDecision.AskAgain(misses, $"{retryMessage} {menu.Describe(turn.Language, snapshot)}".TrimEnd(), menu);
        }

        var silent = string.IsNullOrWhiteSpace(turn.Transcript) && string.IsNullOrWhiteSpace(turn.Heard) && turn.Confirmation == Confirmation.None;
        return new DialogDecision.HandToOperator(misses, silent ? text.NotHeardHandoff : text.OperatorHandoff);
    }

    /// <summary>The offered language's key alone (DTMF), or its name among the caller's words ("español").</summary>
    private bool ChoosesLanguage(DialogTurn turn, CallLanguage offered) =>
        turn.Keypad
            ? (turn.Transcript ?? turn.Heard).AsSpan().Trim().TrimEnd('#') is [PromptOptions.LanguageKey]
            : prompts.For(offered).AsksForThisLanguage(turn.Transcript ?? turn.Heard);
}
