using IvrApi.Departments;

namespace IvrApi.Routing;

public static class RoutePlanner
{
    /// <summary>
    /// Where a department's caller goes now and what they hear: <paramref name="text"/> is the prompt set of the call's
    /// <paramref name="language"/>, in which the department is named and its own messages are said (the other
    /// language's only when it has none in this one, logged).
    /// </summary>
    public static RoutePlan Plan(Department department, DirectorySnapshot directory, DateTimeOffset now, PromptOptions text, CallLanguage language, Destination operatorRoute, ILogger logger)
    {
        if (department.Hours is not { } hours || hours.IsOpen(now))
        {
            return new RoutePlan(Destination.To(department), PromptOptions.Fill(text.Connecting, department.SpokenName(language)), null, Closed: false);
        }

        var closed = hours.ClosedMessage?.For(language, logger, $"closed_message of {department.Name}")
            ?? PromptOptions.Fill(text.Closed, department.SpokenName(language));
        return hours.AfterHours switch
        {
            AfterHours.ToPstn pstn => new RoutePlan(
                new Destination(DepartmentService.PstnNumber, pstn.Number, department.Name, IsOperator: false),
                $"{closed} {text.AfterHoursTransfer}",
                null,
                Closed: true),
            AfterHours.SayAndHangUp message => new RoutePlan(null, closed, message.Message.For(language, logger, $"after_hours_message of {department.Name}"), Closed: true),

            // Another department takes the call as it is: its own hours are not consulted, so routes cannot loop.
            AfterHours.ToDepartment other when directory.Find(other.Name) is { } alternate => new RoutePlan(
                Destination.To(alternate),
                $"{closed} {PromptOptions.Fill(text.AfterHoursConnecting, alternate.SpokenName(language))}",
                null,
                Closed: true),
            _ => new RoutePlan(operatorRoute, $"{closed} {text.AfterHoursTransfer}", null, Closed: true),
        };
    }
}
