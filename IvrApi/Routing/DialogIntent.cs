namespace IvrApi.Routing;

public enum DialogIntent
{
    RouteCall,
    Fallback,
}
