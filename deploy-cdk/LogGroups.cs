using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
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

    /// <summary>
    /// A Lambda execution role that may write to <paramref name="logGroup"/> and nowhere else: used instead of
    /// AWSLambdaBasicExecutionRole, which grants logs:CreateLogGroup, CreateLogStream and PutLogEvents on every log group.
    /// </summary>
    public static Role LambdaRole(Construct scope, string id, LogGroup logGroup)
    {
        var role = new Role(scope, id, new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com") });
        logGroup.GrantWrite(role);
        return role;
    }
}
