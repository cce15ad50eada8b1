using IvrApi.Admin;
using IvrApi.Agents;
using IvrApi.Departments;
using IvrApi.Events;
using IvrApi.Health;
using IvrApi.Http;
using IvrApi.Lex;
using IvrApi.Observability;
using IvrApi.Routing;
using IvrApi.Settings;
using IvrApi.Sma;
using IvrApi.Voicemail;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddIvrLogging(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, IvrJsonContext.Default));
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDepartmentDirectory(builder.Configuration);
builder.Services.AddCallRouting(builder.Configuration);
builder.Services.AddSma(builder.Configuration);
builder.Services.AddLex(builder.Configuration);
builder.Services.AddAdmin(builder.Configuration);
builder.Services.AddAgents(builder.Configuration);
builder.Services.AddVoicemail(builder.Configuration);
builder.WebHost.UseAdminListener(builder.Configuration);
builder.Services.AddCallMetrics(builder.Configuration);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimits();
app.UseCallMetrics();
app.MapOpenApi();
app.MapHealth();

// One package, two roles chosen by settings: the call path (telephony events) and the admin API, each its own
// function on AWS so the one that parses untrusted events cannot write routes.
if (app.Configuration.GetSection(CallPathOptions.Section).Get<CallPathOptions>()?.Enabled ?? true)
{
    app.MapSma().WithMetadata(RequestBodyLimit.Event);
    app.MapLexHook().WithMetadata(RequestBodyLimit.Event);
    app.MapEvents().WithMetadata(RequestBodyLimit.Event);
    app.WarnOfMissingCallPathSettings();
}

if (app.Configuration.GetSection(AdminOptions.Section).Get<AdminOptions>()?.Enabled ?? false)
{
    app.MapAdmin();
    app.MapAgents();
    app.MapVoicemail();
}
else
{
    app.MapAdminOff();
}

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
