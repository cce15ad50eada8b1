namespace IvrApi.Departments;

/// <summary>Where a department's calls go: through the Voice Connector to the PBX, or out to the PSTN.</summary>
public enum DepartmentService
{
    VoiceConnector,
    PstnNumber,
}
