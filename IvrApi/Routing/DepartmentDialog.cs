using Microsoft.Extensions.Options;

namespace IvrApi.Routing;

public enum DialogIntent
{
    RouteCall,
    Fallback,
}

/// <summary>One bot turn as the code hook sees it.</summary>
public sealed record DialogTurn(DialogIntent Intent, bool IsFulfillment, string? Heard, int FailureCount);

/// <summary>What the bot should do next.</summary>
public abstract record DialogDecision
{
    private DialogDecision()
    {
    }

    /// <summary>Close the conversation: the caller goes to this department.</summary>
    public sealed record RouteTo(Department Department, string Message) : DialogDecision;

    /// <summary>Ask for the department again; <paramref name="FailureCount"/> is the new count of misses.</summary>
    public sealed record AskAgain(int FailureCount, string Message) : DialogDecision;

    /// <summary>Close the conversation: the caller goes to the operator.</summary>
    public sealed record HandToOperator(int FailureCount, string Message) : DialogDecision;

    /// <summary>Close the conversation as it stands (fulfilment of an intent already validated).</summary>
    public sealed record Fulfil : DialogDecision;
}

/// <summary>The department dialog: validate what the caller said, count misses, hand over to the operator at the limit.</summary>
public sealed class DepartmentDialog(
    DepartmentDirectory directory,
    IDepartmentMatcher matcher,
    IOptions<RoutingOptions> routing,
    IOptions<PromptOptions> prompts)
{
    public async Task<DialogDecision> DecideAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var text = prompts.Value;
        if (turn.IsFulfillment)
        {
            return new DialogDecision.Fulfil();
        }

        if (turn.Intent == DialogIntent.Fallback)
        {
            return Miss(turn, text.NotHeard);
        }

        if (string.IsNullOrWhiteSpace(turn.Heard))
        {
            return Miss(turn, text.NotHeard);
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

        return matcher.Match(turn.Heard, snapshot) switch
        {
            DepartmentMatch.Matched m => new DialogDecision.RouteTo(m.Department, PromptOptions.Fill(text.Connecting, m.Department.Name)),
            DepartmentMatch.Ambiguous => Miss(turn, text.Ambiguous),
            _ => Miss(turn, text.Retry),
        };
    }

    private DialogDecision Miss(DialogTurn turn, string retryMessage)
    {
        var misses = turn.FailureCount + 1;
        return turn.FailureCount >= routing.Value.MaxRetries
            ? new DialogDecision.HandToOperator(misses, prompts.Value.OperatorHandoff)
            : new DialogDecision.AskAgain(misses, retryMessage);
    }
}
