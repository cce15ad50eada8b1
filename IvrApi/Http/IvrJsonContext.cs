using System.Text.Json.Serialization;
using IvrApi.Agents;
using IvrApi.Agents.Storage;
using IvrApi.Departments.Storage;
using IvrApi.Health;
using IvrApi.Lex;
using IvrApi.Voicemail;
using Microsoft.AspNetCore.Mvc;

namespace IvrApi.Http;

/// <summary>Source-generated JSON for everything the service writes or reads as a type: no reflection, AOT-clean.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(LexCodeHookResponse))]
[JsonSerializable(typeof(PutSessionRequest))]
[JsonSerializable(typeof(DepartmentRecord))]
[JsonSerializable(typeof(DepartmentRecord[]))]
[JsonSerializable(typeof(Dictionary<string, NamesRecord?>))]
[JsonSerializable(typeof(RuleRecord))]
[JsonSerializable(typeof(RuleRecord[]))]
[JsonSerializable(typeof(HoursRecord))]
[JsonSerializable(typeof(AgentRecord))]
[JsonSerializable(typeof(AgentRecord[]))]
[JsonSerializable(typeof(AgentCreated))]
[JsonSerializable(typeof(AgentPasswordRotated))]
[JsonSerializable(typeof(VoicemailMessageRecord[]))]
[JsonSerializable(typeof(VoicemailLink))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class IvrJsonContext : JsonSerializerContext;
