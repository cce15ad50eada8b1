using IvrApi.Admin;
using IvrApi.Events;
using IvrApi.Infrastructure;
using IvrApi.Lex;
using IvrApi.Sma;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddIvrLogging(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, IvrJsonContext.Default));
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddCallRouting(builder.Configuration);
builder.Services.AddCallMetrics(builder.Configuration);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCallMetrics();
app.MapOpenApi();
app.MapHealth();
app.MapSma();
app.MapLexHook();
app.MapEvents();
app.MapAdmin();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
