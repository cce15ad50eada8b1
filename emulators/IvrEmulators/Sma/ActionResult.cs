using System.Text.Json.Nodes;

namespace IvrEmulators.Sma;

/// <summary>How an action ended: failed (ErrorType), succeeded (its echoed Parameters, a bot's IntentResult) or with an event of its own.</summary>
internal sealed record ActionResult(string? ErrorType, string? ErrorMessage, JsonObject? Parameters, JsonObject? IntentResult, JsonObject? Next)
{
    public static ActionResult Ok(JsonObject? parameters = null, JsonObject? intentResult = null) => new(null, null, parameters, intentResult, null);

    public static ActionResult Fail(string errorType, string message, JsonObject? parameters = null) => new(errorType, message, parameters, null, null);

    /// <summary>The action ended the list with an event of its own (a HANGUP).</summary>
    public static ActionResult Then(JsonObject next) => new(null, null, null, null, next);
}
