using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace IvrApi.Observability;

internal sealed partial class MetricsOptionsValidation : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
        NamespacePattern().IsMatch(options.Namespace)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Metrics:Namespace '{options.Namespace}' must be 1-255 letters, digits or . - _ / # : space, not starting with AWS/.");

    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace: 1-255 of these
    // characters, at least one not a space; "AWS/" is reserved for AWS services; PutMetricData's pattern [^:].* bars a
    // leading colon.
    [GeneratedRegex(@"^(?!AWS/)(?!:)(?=.*[^ ])[0-9A-Za-z.\-_/#: ]{1,255}$")]
    private static partial Regex NamespacePattern();
}
