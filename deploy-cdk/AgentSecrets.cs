using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// The agents' SIP passwords: one Secrets Manager secret per agent, named <c>&lt;prefix&gt;&lt;agent_id&gt;</c>, created,
/// rotated and deleted by the admin API at run time (so none of them is a stack resource) and read by the PBX host.
/// Every grant names the prefix, never all secrets.
/// </summary>
internal sealed class AgentSecrets
{
    /// <summary><c>&lt;stack name&gt;/agents/</c>: two stacks in one account never share an agent's password.</summary>
    public string Prefix { get; }

    /// <summary>
    /// Every secret under the prefix. Secrets Manager appends "-" and 6 random characters to a secret's name in its
    /// ARN (CreateSecret response, https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html),
    /// so the trailing "*" is needed even for one agent.
    /// </summary>
    public string Arns { get; }

    public AgentSecrets(Construct scope)
    {
        var stack = Stack.Of(scope);
        Prefix = $"{stack.StackName}/agents/";
        Arns = stack.FormatArn(new ArnComponents
        {
            Service = "secretsmanager",
            Resource = "secret",
            ResourceName = Prefix + "*",
            ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        });
    }

    /// <summary>
    /// The admin API: create an agent's secret, set a new password (rotation), delete it with the agent, and
    /// DescribeSecret to tell whether one exists. It never reads a password back: it returns the one it generated.
    /// </summary>
    public void GrantManage(IGrantable grantee) => Grant(grantee,
        "secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret");

    /// <summary>The PBX host's directory sync: read each agent's password into its Asterisk endpoint.</summary>
    public void GrantRead(IGrantable grantee) => Grant(grantee, "secretsmanager:GetSecretValue");

    private void Grant(IGrantable grantee, params string[] actions) =>
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps { Actions = actions, Resources = [Arns] }));
}
