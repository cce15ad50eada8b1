using Amazon.CDK.AWS.Lambda;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// Sets every Node.js Lambda function in the stack, CDK's own custom-resource handlers included, to <see cref="Runtime"/>.
/// Amazon.CDK.Lib 2.160 knows Node.js up to 20, which Lambda deprecated on 2026-04-30 and which is no longer created;
/// its handlers (AwsCustomResource, the Provider framework) are async functions with the SDK v3 that every newer
/// Node.js runtime carries. Dates: spec-check/lambda-runtimes.json.
/// </summary>
internal sealed class NodeRuntime : Amazon.JSII.Runtime.Deputy.DeputyBase, Amazon.CDK.IAspect
{
    public const string Runtime = "nodejs24.x";

    public void Visit(IConstruct node)
    {
        if (node is CfnFunction function && function.Runtime?.StartsWith("nodejs", StringComparison.Ordinal) == true)
        {
            function.Runtime = Runtime;
        }
    }
}
