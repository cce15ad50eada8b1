using System.Globalization;
using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Routing.Matching;

namespace IvrApi.Lex;

/// <summary>
/// The session attributes the bot's code hook writes and the SMA handler reads when the bot conversation ends: the one
/// contract between the two halves of a call. Lex keeps every attribute as a string.
/// </summary>
public static class BotSession
{
    /// <summary>Misses so far in this conversation.</summary>
    public const string FailureCountKey = "failure_count";

    /// <summary><see cref="RouteDepartment"/> or <see cref="RouteOperator"/>: what the code hook decided.</summary>
    public const string RouteKey = "route";

    /// <summary>The department the code hook decided on (canonical name), with <see cref="RouteDepartment"/>.</summary>
    public const string DepartmentKey = "department";

    /// <summary>The keypad menu the caller was given (<see cref="KeypadMenu.ToString"/>): keys follow it all call long.</summary>
    public const string MenuKey = "menu";

    private const string RouteDepartment = "department";

    // The bot has already told the caller they are going to the operator.
    private const string RouteOperator = "operator";

    // Anything unreadable counts as no misses yet rather than failing the turn.
    public static int FailureCount(IReadOnlyDictionary<string, string> attributes) =>
        attributes.TryGetValue(FailureCountKey, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : 0;

    public static void SetFailureCount(IDictionary<string, string> attributes, int count) =>
        attributes[FailureCountKey] = count.ToString(CultureInfo.InvariantCulture);

    public static KeypadMenu? Menu(IReadOnlyDictionary<string, string> attributes) => KeypadMenu.Parse(attributes.GetValueOrDefault(MenuKey));

    public static void SetMenu(IDictionary<string, string> attributes, KeypadMenu menu)
    {
        if (menu.Keys.Count > 0 || menu.MoreByName)
        {
            attributes[MenuKey] = menu.ToString();
        }
    }

    public static void Decide(IDictionary<string, string> attributes, Department department)
    {
        attributes[RouteKey] = RouteDepartment;
        attributes[DepartmentKey] = department.Name;
    }

    public static void HandOver(IDictionary<string, string> attributes)
    {
        attributes[RouteKey] = RouteOperator;
        attributes.Remove(DepartmentKey);
    }

    /// <summary>
    /// What the conversation ended with. The code hook's decision comes first; without one (a bot that ended without
    /// our hook deciding) the slot value <paramref name="heard"/> is all there is, still to be matched.
    /// </summary>
    public static BotOutcome Outcome(IReadOnlyDictionary<string, string> attributes, string? heard) =>
        attributes.GetValueOrDefault(RouteKey) switch
        {
            RouteOperator => new BotOutcome(null, OperatorRequested: true),
            RouteDepartment => new BotOutcome(attributes.GetValueOrDefault(DepartmentKey), OperatorRequested: false),
            _ => new BotOutcome(heard, OperatorRequested: false),
        };
}
