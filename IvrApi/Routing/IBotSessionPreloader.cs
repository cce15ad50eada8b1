using IvrApi.Departments;
using IvrApi.Routing.Matching;

namespace IvrApi.Routing;

/// <summary>
/// Port to the bot: put the caller's session straight into "which department?", or, with a
/// <paramref name="proposed"/> department, into "are you calling about …?".
/// </summary>
public interface IBotSessionPreloader
{
    bool Enabled { get; }

    Task PreloadAsync(string sessionId, Department? proposed, KeypadMenu menu, CancellationToken cancellationToken);
}
