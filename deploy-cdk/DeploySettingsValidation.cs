using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Constructs;

namespace IvrDeploy;

/// <summary>Settings that cannot be deployed: one line each, naming the setting and the form it must take.</summary>
internal sealed class DeploySettingsException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Every deploy setting (CDK context, <c>-c key=value</c>) checked at synthesis, before any resource is built: a value
/// that would synthesize but fail at deploy time, or worse deploy wrongly (a number straight into the SIP rule), stops
/// the synthesis with every bad setting named at once. A misspelt key is refused too: it would otherwise be ignored.
/// </summary>
internal static partial class DeploySettingsValidation
{
    /// <summary>Toll-free prefixes a US phone-number search accepts.</summary>
    public static readonly IReadOnlyList<string> TollFreePrefixes = ["800", "833", "844", "855", "866", "877", "888"];

    /// <summary>The retention periods CloudWatch Logs accepts (AWS::Logs::LogGroup RetentionInDays).</summary>
    public static readonly IReadOnlyList<int> LogRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// <summary>The ring strategies app_queue accepts (Asterisk 22 queues.conf, <c>strategy</c>).</summary>
    public static readonly IReadOnlyList<string> QueueStrategies = ["ringall", "leastrecent", "fewestcalls", "random", "rrmemory", "rrordered", "linear", "wrandom"];

    /// <summary>Each setting: the check and the expected form, said the same way in the error as in the README.</summary>
    public static readonly IReadOnlyDictionary<string, (Func<string, bool> Valid, string Expected)> Rules =
        new Dictionary<string, (Func<string, bool>, string)>(StringComparer.Ordinal)
        {
            ["phoneNumber"] = (E164().IsMatch, "an E.164 number, + and country code, e.g. +12065550100"),
            ["phoneCountry"] = (State().IsMatch, "a 2-letter ISO country code, e.g. US"),
            ["phoneAreaCode"] = (AreaCode().IsMatch, "a 3-digit US area code, e.g. 312"),
            ["phoneState"] = (State().IsMatch, "a 2-letter US state code, e.g. IL"),
            ["phoneTollFreePrefix"] = (TollFreePrefixes.Contains, $"one of {string.Join(", ", TollFreePrefixes)}"),
            ["releasePhoneNumberOnDelete"] = (v => v is "true" or "false", "true or false"),
            ["operatorService"] = (v => v is "voiceConnector" or "pstnNumber", "voiceConnector or pstnNumber"),
            ["operatorNumber"] = (v => E164().IsMatch(v) || VoiceConnectorNumber().IsMatch(v), "an E.164 number for pstnNumber (e.g. +12065550100) or 1-30 characters [A-Za-z0-9+_.-] for voiceConnector"),
            ["lambdaZip"] = (v => File.Exists(v) || Directory.Exists(v), "an existing zip (or folder) with the Native AOT bootstrap, e.g. artifacts/lambda/ivr-api.zip"),
            ["pollyVoice"] = (Voice().IsMatch, "an Amazon Polly voice id such as Joanna"),
            ["pollyEngine"] = (v => v is "standard" or "neural" or "long-form" or "generative", "standard, neural, long-form or generative"),
            ["webAdapterLayerVersion"] = (v => Int(v) is >= 1, "a positive whole number (the LambdaAdapterLayerX86 version)"),
            ["pbxInstanceType"] = (InstanceType().IsMatch, "an EC2 instance type such as t3.small"),
            ["logRetentionDays"] = (v => Int(v) is { } d && LogRetentionDays.Contains(d), $"one of {string.Join(", ", LogRetentionDays)}"),
            ["alarmEmail"] = (Email().IsMatch, "an email address, e.g. ops@example.com"),
            ["alarmFallbackSharePercent"] = (v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 100, "a percentage above 0 and at most 100, e.g. 30"),
            ["alarmFallbackMinCalls"] = (v => Int(v) is >= 1, "a whole number of calls, at least 1"),
            ["alarmErrorBurst"] = (v => Int(v) is >= 1, "a whole number, at least 1"),
            ["alarmDurationP99Ms"] = (v => Int(v) is >= 1 and <= 10_000, "milliseconds from 1 to 10000 (the function's timeout)"),
            ["alarmDirectoryFailures"] = (v => Int(v) is >= 1, "a whole number, at least 1"),
            ["alarmBotFailures"] = (v => Int(v) is >= 1, "a whole number, at least 1"),
            ["stackName"] = (StackName().IsMatch, "a CloudFormation stack name: a letter, then letters, digits or -, at most 128"),
            ["voiceConnectorEncryption"] = (v => v is "true" or "false", "true or false"),
            ["pbxHostName"] = (HostName().IsMatch, "a lower-case DNS name such as pbx.example.com"),
            ["agentCidrs"] = (v => AgentCidrs(v).All(IsIpv4Network), "comma-separated IPv4 networks such as 203.0.113.0/24"),
            ["pstnAllowedPrefixes"] = (v => v.Split(',').All(PstnPrefix().IsMatch), "comma-separated E.164 prefixes such as +1"),
            ["removeTablesOnDelete"] = (v => v is "true" or "false", "true or false"),
            ["spanishNumbers"] = (v => v.Split(',').All(n => E164().IsMatch(n.Trim())), "comma-separated E.164 numbers such as +12065550123"),
            ["offerLanguageChoice"] = (v => v is "true" or "false", "true or false"),
            // S3 lifecycle expiration takes whole days from 1; beyond ten years a recording is an archive, not a voicemail.
            ["voicemailRetentionDays"] = (v => Int(v) is >= 1 and <= 3650, "a whole number of days from 1 to 3650, e.g. 90"),
            ["voicemailEmail"] = (Email().IsMatch, "an email address, e.g. history-team@example.com"),
            ["voicemailMaxSeconds"] = (v => Int(v) is >= 10 and <= 600, "seconds from 10 to 600, e.g. 120"),
            ["queueStrategy"] = (QueueStrategies.Contains, $"one of {string.Join(", ", QueueStrategies)}"),
            ["queueMaxWaitSeconds"] = (v => Int(v) is >= 30 and <= 3600, "seconds from 30 to 3600, e.g. 300"),
            // The PBX's render.py checks the same range (--queue-language-wait-seconds).
            ["queueLanguageWaitSeconds"] = (v => Int(v) is >= 0 and <= 600, "seconds from 0 to 600 (0: no language preference), e.g. 30"),
        };

    /// <summary>The networks in an agentCidrs value, as the rule checks them and the stack uses them.</summary>
    public static IReadOnlyList<string> AgentCidrs(string value) => value.Split(',', StringSplitOptions.TrimEntries);

    /// <summary>Context keys that belong to the CDK itself (feature flags, CLI switches), never ours.</summary>
    private static bool IsCdkKey(string key) => key.Contains(':', StringComparison.Ordinal) || key.StartsWith('@') || key.StartsWith("cdk", StringComparison.Ordinal);

    /// <summary>Throws <see cref="DeploySettingsException"/> naming every bad setting in <paramref name="node"/>'s context.</summary>
    public static void ThrowIfInvalid(Node node, string repositoryRoot, IEnumerable<string>? contextKeys = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var problems = new List<string>();
        foreach (var key in (contextKeys ?? ContextKeysFromCli()).Where(k => !IsCdkKey(k) && !Rules.ContainsKey(k)))
        {
            var close = Rules.Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase) || Distance(k.ToLowerInvariant(), key.ToLowerInvariant()) <= 2);
            problems.Add($"-c {key}: not a deploy setting{(close is null ? " (see deploy-cdk/README.md)" : $"; did you mean {close}?")}");
        }

        foreach (var (key, (valid, expected)) in Rules)
        {
            if (node.TryGetContext(key)?.ToString() is not { Length: > 0 } value)
            {
                continue;
            }

            var checkedValue = key == "lambdaZip" ? Path.GetFullPath(value, repositoryRoot) : value;
            if (!valid(checkedValue))
            {
                problems.Add($"-c {key}={value}: expected {expected}");
            }
        }

        var service = node.TryGetContext("operatorService")?.ToString();
        var number = node.TryGetContext("operatorNumber")?.ToString();
        if (string.IsNullOrEmpty(service) != string.IsNullOrEmpty(number))
        {
            problems.Add("-c operatorService and -c operatorNumber: expected both or neither (the operator is a service and a number)");
        }
        else if (service == "pstnNumber" && !E164().IsMatch(number!))
        {
            problems.Add($"-c operatorNumber={number}: expected an E.164 number for a pstnNumber operator, e.g. +12065550100");
        }

        if (node.TryGetContext("phoneNumber") is not null && (node.TryGetContext("phoneAreaCode") is not null || node.TryGetContext("phoneState") is not null))
        {
            problems.Add("-c phoneNumber: expected alone (a number you own is not ordered, so phoneAreaCode and phoneState do not apply)");
        }

        if (problems.Count > 0)
        {
            throw new DeploySettingsException(problems);
        }
    }

    /// <summary>The region the stack deploys to; refused in one line unless it has PSTN audio.</summary>
    /// <remarks>
    /// The CDK CLI sets CDK_DEFAULT_REGION itself, from AWS_REGION or the profile's region (us-east-1 without
    /// either), replacing any value the caller exported; so AWS_REGION is the one switch that works both through
    /// the CLI and with <c>dotnet run --project deploy-cdk</c>.
    /// </remarks>
    public static string Region(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var region = new[] { "CDK_DEFAULT_REGION", "AWS_REGION", "AWS_DEFAULT_REGION" }.Select(environment).FirstOrDefault(r => !string.IsNullOrEmpty(r)) ?? "us-east-1";
        ThrowIfUnsupported(region);
        return region;
    }

    /// <summary>The region rule, for the CLI's region and for a stack built with any other one.</summary>
    public static void ThrowIfUnsupported(string region)
    {
        if (!DeploySettings.SupportedRegions.Contains(region))
        {
            throw new DeploySettingsException([
                $"region {region}: expected {string.Join(" or ", DeploySettings.SupportedRegions)}, the regions with Chime SDK PSTN audio; {region} has no PSTN audio (export AWS_REGION=us-west-2 to switch)"]);
        }
    }

    /// <summary>The keys of the context the CDK CLI (or a caller) passed in CDK_CONTEXT_JSON.</summary>
    private static IEnumerable<string> ContextKeysFromCli() =>
        Environment.GetEnvironmentVariable("CDK_CONTEXT_JSON") is { Length: > 0 } json && JsonNode.Parse(json) is JsonObject context
            ? context.Select(c => c.Key).ToList()
            : [];

    private static int? Int(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static bool IsIpv4Network(string value) =>
        System.Net.IPNetwork.TryParse(value, out var network) && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        && network.ToString() == value;

    [GeneratedRegex(@"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^\+[1-9][0-9]{0,14}$")]
    private static partial Regex PstnPrefix();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[A-Za-z0-9+_.-]{1,30}$")]
    private static partial Regex VoiceConnectorNumber();

    [GeneratedRegex(@"^[2-9][0-9]{2}$")]
    private static partial Regex AreaCode();

    [GeneratedRegex(@"^[A-Z]{2}$")]
    private static partial Regex State();

    [GeneratedRegex(@"^[A-Z][A-Za-z]{1,30}$")]
    private static partial Regex Voice();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9]+$")]
    private static partial Regex InstanceType();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]{0,127}$")]
    private static partial Regex StackName();
}
