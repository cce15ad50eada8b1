namespace IvrApi.Routing;

/// <summary>
/// Port to the bot: put the caller's session straight into "which department?" before the bot starts, with what the
/// bot is started with (<paramref name="opening"/>: the menu, a proposed department, the language and the one offered).
/// </summary>
public interface IBotSessionPreloader
{
    bool Enabled { get; }

    Task PreloadAsync(string sessionId, CallStep.StartBot opening, CancellationToken cancellationToken);
}
