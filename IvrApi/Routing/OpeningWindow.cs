namespace IvrApi.Routing;

/// <summary>One opening window on one day of the week, local time, close exclusive.</summary>
public sealed record OpeningWindow(DayOfWeek Day, TimeOnly Open, TimeOnly Close);
