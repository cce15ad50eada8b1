var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/healthz", () => TypedResults.Ok());
app.Run();
