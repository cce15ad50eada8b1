namespace IvrApi.Routing;

public enum RuleAction
{
    /// <summary>Send the caller straight to a department, without the bot.</summary>
    Route,

    /// <summary>Say a message and hang up.</summary>
    Block,

    /// <summary>Start the bot by proposing a department ("Are you calling about history?").</summary>
    Prefer,
}
