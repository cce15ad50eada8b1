using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace IvrDeploy;

internal static class LogGroups
{
    /// <summary>A log group that expires its events after the operator's retention and goes away with the stack.</summary>
    public static LogGroup Create(Construct scope, string id, int retentionDays)
    {
        var logGroup = new LogGroup(scope, id, new LogGroupProps { RemovalPolicy = RemovalPolicy.DESTROY });
        // The RetentionDays enum is not a day count in .NET, so set the CloudFormation property directly.
        ((CfnLogGroup)logGroup.Node.DefaultChild!).RetentionInDays = retentionDays;
        return logGroup;
    }
}
