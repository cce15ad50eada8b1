using IvrApi.Departments;

namespace IvrApi.Routing;

public sealed class OperatorRouteOptions
{
    /// <summary><c>voiceConnector</c> or <c>pstnNumber</c>, as in the department table.</summary>
    public string Service { get; set; } = "voiceConnector";

    public string Number { get; set; } = "000000";

    /// <summary>The X-LexInfo value the PBX receives with an operator call.</summary>
    public string LexInfo { get; set; } = "unknown";

    public Destination ToDestination() => new(
        DepartmentRules.ParseService(Service) ?? DepartmentService.VoiceConnector, Number, LexInfo, IsOperator: true);
}
